using Vm.Frontend.Model;
using Vm.Runtime.Dynamic;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Dynamic;

public unsafe class ReflectionNativeTests
{
    [Fact]
    public void Every_reflection_native_is_registered_and_matches_its_declaration()
    {
        using var f = new DynamicFixture();
        string[] names = ["alloc_obj", "alloc_enum_dyn", "alloc_array", "array_type", "array_blit", "obj_get_field", "obj_set_field",
            "obj_has_field", "obj_delete_field", "obj_fields", "obj_copy", "get_virtual_value", "type_name", "type_super",
            "type_get_global", "type_set_global", "type_args_count", "type_instance_fields", "type_enum_fields", "type_enum_values",
            "type_enum_eq", "type_safe_cast", "value_cast", "value_to_string", "dyn_compare", "dyn_op", "enum_parameters",
            "call_method", "make_closure", "no_closure", "get_closure_value", "make_var_args", "fun_compare", "ptr_compare",
            "set_error_handler", "breakpoint"];
        foreach (var n in names)
            Assert.NotEqual(0, f.Native(n));
        // The fixture program declares all but dyn_op; loading it checked their signatures.
        var declared = f.Runtime.Natives.All.Select(b => b.Native.Name).ToHashSet();
        Assert.All(names.Where(n => n != "dyn_op"), n => Assert.Contains(n, declared));
        Assert.All(f.Runtime.Natives.All.Where(b => names.Contains(b.Native.Name)), b => Assert.False(b.IsMissing));
    }

    [Fact]
    public void Reflect_field_primitives_work_on_dynobjs_virtuals_and_objects()
    {
        using var f = new DynamicFixture();
        var get = (delegate* unmanaged<nint, int, nint>)f.Native("obj_get_field");
        var set = (delegate* unmanaged<nint, int, nint, void>)f.Native("obj_set_field");
        var has = (delegate* unmanaged<nint, int, byte>)f.Native("obj_has_field");
        var del = (delegate* unmanaged<nint, int, byte>)f.Native("obj_delete_field");
        var fields = (delegate* unmanaged<nint, nint>)f.Native("obj_fields");
        var copy = (delegate* unmanaged<nint, nint>)f.Native("obj_copy");

        var v = Virtuals.Allocate(f.State, f.Virtual("x:i32", "y:i32"));
        *(int*)Virtuals.Fields(v)[0] = 1;
        Assert.Equal(["x", "y"], DynamicFixture.Names(fields(v)));
        Assert.Equal(1, DynamicFixture.Unbox<int>(get(v, f.Hash("x"))));
        Assert.Equal(1, has(v, f.Hash("y")));
        Assert.Equal(0, has(v, f.Hash("w")));
        set(v, f.Hash("w"), f.BoxF64(4.5));
        Assert.Equal(4.5, DynamicFixture.Unbox<double>(get(v, f.Hash("w"))));
        Assert.Equal(["x", "y", "w"], DynamicFixture.Names(fields(v)));
        Assert.Equal(1, del(v, f.Hash("x")));
        Assert.Equal(0, del(v, f.Hash("x")));
        Assert.Equal(["y", "w"], DynamicFixture.Names(fields(v)));

        var c = copy(v);
        Assert.Equal(TypeKind.DynObj, f.TypeOf(c).Kind);
        set(c, f.Hash("y"), f.Str("changed"));
        Assert.Equal(0, DynamicFixture.Unbox<int>(get(v, f.Hash("y"))));
        Assert.Equal("changed", f.Runtime.Strings.Read(get(c, f.Hash("y"))));
        // y changed from i32 to String: it was removed and added again, so it is now last.
        Assert.Equal(["w", "y"], DynamicFixture.Names(fields(c)));

        var d = f.New("Derived");
        f.Field<int>(d, "Derived", "id") = 7;
        Assert.Equal(7, DynamicFixture.Unbox<int>(get(d, f.Hash("id"))));
        set(d, f.Hash("id"), f.BoxI32(42));
        Assert.Equal(42, f.Field<int>(d, "Derived", "id"));
        set(d, f.Hash("zzz"), f.BoxI32(1));
        Assert.Equal("Derived does not have field zzz", f.TakePendingError());
        // The class's own fields first, then inherited ones; the unnamed interface slot is skipped.
        Assert.Equal(["w", "label", "small", "half", "opt", "id"], DynamicFixture.Names(fields(d)));
        Assert.Equal(0, del(d, f.Hash("id")));
        Assert.Equal(0, copy(d));

        Assert.Equal(0, get(f.BoxI32(3), f.Hash("x")));
        Assert.Equal(0, get(0, f.Hash("x")));
        Assert.Equal(0, fields(0));
        set(0, f.Hash("x"), 0);
        Assert.Equal("Null access", f.TakePendingError());
    }

    [Fact]
    public void A_copied_virtual_has_its_own_storage()
    {
        using var f = new DynamicFixture();
        var v = Virtuals.Allocate(f.State, f.Virtual("x:i32", "y:i32"));
        *(int*)Virtuals.Fields(v)[1] = 9;
        var c = FieldAccess.ObjCopy(f.State, v);
        Assert.Equal(TypeKind.Virtual, f.TypeOf(c).Kind);
        Assert.Equal(9, *(int*)Virtuals.Fields(c)[1]);
        *(int*)Virtuals.Fields(c)[1] = 10;
        Assert.Equal(9, *(int*)Virtuals.Fields(v)[1]);
        Assert.Equal(0, ((delegate* unmanaged<nint, nint>)f.Native("get_virtual_value"))(v));
    }

    [Fact]
    public void Type_natives_describe_classes_and_functions()
    {
        using var f = new DynamicFixture();
        var name = (delegate* unmanaged<nint, nint>)f.Native("type_name");
        var super = (delegate* unmanaged<nint, nint>)f.Native("type_super");
        var args = (delegate* unmanaged<nint, int>)f.Native("type_args_count");
        var safe = (delegate* unmanaged<nint, nint, byte>)f.Native("type_safe_cast");
        var fields = (delegate* unmanaged<nint, nint>)f.Native("type_instance_fields");
        var derived = f.Class("Derived");
        Assert.Equal("Derived", HlStrings.ReadUtf16Z(name(derived.Native)));
        Assert.Equal("Tree", HlStrings.ReadUtf16Z(name(f.Enum("Tree").Native)));
        Assert.Equal(0, name(f.Builtin(TypeKind.I32).Native));
        Assert.Equal(f.Class("Base").Native, super(derived.Native));
        Assert.Equal(f.Builtin(TypeKind.Void).Native, super(f.Class("Base").Native));
        Assert.Equal(1, safe(derived.Native, f.Class("Base").Native));
        Assert.Equal(0, safe(f.Class("Base").Native, derived.Native));
        Assert.Equal(0, safe(f.Class("Other").Native, f.Class("Base").Native));
        Assert.Equal(1, safe(derived.Native, f.Builtin(TypeKind.Dyn).Native));
        Assert.Equal(0, safe(f.Builtin(TypeKind.I32).Native, f.Builtin(TypeKind.Dyn).Native));
        Assert.Equal(1, safe(f.Builtin(TypeKind.I32).Native, f.ModuleType(t => t.Kind == TypeKind.I32).Native));

        var fun = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 2 && t.Function.Args[0].Kind == TypeKind.Obj
            && t.Function.Args[0].Object!.Name == "Base" && t.Function.Args[1].Kind == TypeKind.I32);
        Assert.Equal(2, args(fun.Native));
        Assert.Equal(1, args(f.State.ClosureTypeOf(fun).Native));
        Assert.Equal(-1, args(f.State.VarArgsType.Native));
        Assert.Equal(0, args(derived.Native));

        // Methods not overriding anything, then fields, class by class from the most derived.
        Assert.Equal(["area", "w", "label", "small", "half", "opt", "", "name", "twice", "id"], DynamicFixture.Names(fields(derived.Native)));
        Assert.Equal(["x", "y"], DynamicFixture.Names(fields(f.Virtual("x:i32", "y:i32").Native)));
        Assert.Equal(0, fields(f.Builtin(TypeKind.I32).Native));
        f.AssertNoError();
    }

    [Fact]
    public void Class_globals_are_the_module_globals_the_types_name()
    {
        using var f = new DynamicFixture();
        var get = (delegate* unmanaged<nint, nint>)f.Native("type_get_global");
        var set = (delegate* unmanaged<nint, nint, byte>)f.Native("type_set_global");
        var t = f.Class("Other");
        Assert.Equal(0, get(t.Native));
        var classObject = f.New("Other");
        Assert.Equal(1, set(t.Native, classObject));
        Assert.Equal(classObject, get(t.Native));
        Assert.Equal(classObject, *(nint*)f.Runtime.GlobalAddress(t.Source!.Object!.GlobalIndex));
        Assert.Equal(0, set(f.Builtin(TypeKind.I32).Native, classObject));
        Assert.Equal(0, get(f.Builtin(TypeKind.I32).Native));
    }

    [Fact]
    public void Native_arrays_are_allocated_typed_and_blitted()
    {
        using var f = new DynamicFixture();
        var alloc = (delegate* unmanaged<nint, int, nint>)f.Native("alloc_array");
        var type = (delegate* unmanaged<nint, nint>)f.Native("array_type");
        var blit = (delegate* unmanaged<nint, int, nint, int, int, void>)f.Native("array_blit");
        var i32 = f.Builtin(TypeKind.I32);
        var a = alloc(i32.Native, 5);
        Assert.Equal(i32.Native, type(a));
        var data = (int*)HlArrays.Data(a);
        for (var i = 0; i < 5; i++)
            data[i] = i + 1;
        blit(a, 1, a, 0, 4);
        Assert.Equal([1, 1, 2, 3, 4], new ReadOnlySpan<int>(data, 5).ToArray());
        var empty = alloc(f.Builtin(TypeKind.Dyn).Native, 0);
        Assert.Equal(empty, alloc(f.Builtin(TypeKind.Dyn).Native, 0));
        Assert.Equal(0, HlArrays.Length(empty));
        alloc(i32.Native, -1);
        Assert.Equal("Invalid array size", f.TakePendingError());
    }

    [Fact]
    public void Class_bindings_hold_closures_when_objects_are_allocated()
    {
        using var f = new DynamicFixture();
        // Entry points come from the JIT; stand-ins are enough here (nothing is called).
        f.Runtime.Functions.SetEntries(Enumerable.Range(0, f.Module.FunctionIndexCount).Select(AddressOnlyInvoker.AddressOf).ToArray());
        var alloc = (delegate* unmanaged<nint, nint>)f.Native("alloc_obj");
        var o = alloc(f.Class("WithDynamic").Native);
        f.AssertNoError();
        var hook = f.Field<nint>(o, "WithDynamic", "hook");
        var fn = f.Module.FindFunctions("WithDynamic.hook").Single();
        // A dynamic method is an instance closure of the object.
        Assert.Equal(AddressOnlyInvoker.AddressOf(fn.FunctionIndex), Closures.FunOf(hook));
        Assert.Equal(1, Closures.HasValueOf(hook));
        Assert.Equal(o, Closures.ValueOf(hook));
        Assert.Equal(1, f.State.RequireFun(f.TypeOf(hook)).NArgs);
        Assert.Equal(o, ((delegate* unmanaged<nint, nint>)f.Native("get_closure_value"))(hook));

        // A class object binds its static functions as closures without value, shared between instances.
        var classType = f.Runtime.Types.FindClass("$DynamicFixtureProgram")!;
        var c1 = alloc(classType.Native);
        var c2 = alloc(classType.Native);
        var main = f.Module.FindFunctions("$DynamicFixtureProgram.main").Single();
        var closure = f.Field<nint>(c1, "$DynamicFixtureProgram", "main");
        Assert.Equal(0, Closures.HasValueOf(closure));
        Assert.Equal(AddressOnlyInvoker.AddressOf(main.FunctionIndex), Closures.FunOf(closure));
        Assert.Equal(closure, f.Field<nint>(c2, "$DynamicFixtureProgram", "main"));
        Assert.Equal(closure, FieldAccess.ObjGetField(f.State, c1, f.Hash("main")));
        f.AssertNoError();
    }
}
