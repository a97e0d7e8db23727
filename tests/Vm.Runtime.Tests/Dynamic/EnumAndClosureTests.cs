using Vm.Frontend.Model;
using Vm.Runtime.Dynamic;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Dynamic;

public unsafe class EnumAndClosureTests
{
    private static nint AllocEnum(nint t, int index) => ((delegate* unmanaged<nint, int, nint>)DynamicFixture.Helper("rt_alloc_enum"))(t, index);

    private static nint AllocClosure(nint t, nint fun, int hasValue, nint value) =>
        ((delegate* unmanaged<nint, nint, int, nint, nint>)DynamicFixture.Helper("rt_alloc_closure"))(t, fun, hasValue, value);

    private static nint DynArray(DynamicFixture f, params nint[] values)
    {
        var a = HlArrays.Allocate(f.Runtime, f.Builtin(TypeKind.Dyn), values.Length);
        values.CopyTo(new Span<nint>((void*)HlArrays.Data(a), values.Length));
        return a;
    }

    [Fact]
    public void Enum_values_are_built_read_and_compared_by_reflection()
    {
        using var f = new DynamicFixture();
        var tree = f.Enum("Tree");
        var allocDyn = (delegate* unmanaged<nint, int, nint, int, nint>)f.Native("alloc_enum_dyn");
        var parameters = (delegate* unmanaged<nint, nint>)f.Native("enum_parameters");
        var eq = (delegate* unmanaged<nint, nint, byte>)f.Native("type_enum_eq");

        var leaf = allocDyn(tree.Native, 0, DynArray(f, f.BoxF64(3.0)), 1);
        Assert.Equal(0, Enums.IndexOf(leaf));
        Assert.Equal(3, *(int*)(leaf + tree.Constructs![0].Offsets[0]));
        var leaf2 = AllocEnum(tree.Native, 0);
        Assert.Equal(TypeKind.Enum, f.TypeOf(leaf2).Kind);
        *(int*)(leaf2 + tree.Constructs[0].Offsets[0]) = 3;
        Assert.Equal(1, eq(leaf, leaf2));

        var node1 = allocDyn(tree.Native, 1, DynArray(f, leaf, AllocEnum(tree.Native, 2)), 2);
        var node2 = allocDyn(tree.Native, 1, DynArray(f, leaf2, AllocEnum(tree.Native, 2)), 2);
        Assert.Equal(1, eq(node1, node2));
        *(int*)(leaf2 + tree.Constructs[0].Offsets[0]) = 4;
        Assert.Equal(0, eq(node1, node2));
        Assert.Equal(0, eq(node1, 0));
        Assert.Equal(1, eq(0, 0));

        var ps = DynamicFixture.Elements(parameters(node1));
        Assert.Equal([leaf, *(nint*)(node1 + tree.Constructs[1].Offsets[1])], ps);
        var lp = DynamicFixture.Elements(parameters(leaf));
        Assert.Equal(3, DynamicFixture.Unbox<int>(lp.Single()));

        // Too many arguments, or a missing one that cannot be null, give null; a missing reference is allowed.
        Assert.Equal(0, allocDyn(tree.Native, 0, DynArray(f, f.BoxI32(1), f.BoxI32(2)), 2));
        Assert.Equal(0, allocDyn(tree.Native, 0, DynArray(f), 0));
        var half = allocDyn(tree.Native, 1, DynArray(f, leaf), 1);
        Assert.Equal(0, *(nint*)(half + tree.Constructs[1].Offsets[1]));

        // Pair(a:Float, s:String) with equal floats and the same string.
        var str = f.Str("s");
        var p1 = allocDyn(tree.Native, 3, DynArray(f, f.BoxF64(0.5), str), 2);
        var p2 = allocDyn(tree.Native, 3, DynArray(f, f.BoxI32(0), str), 2);
        Assert.Equal(0.0, *(double*)(p2 + tree.Constructs[3].Offsets[0]));
        Assert.Equal(0, eq(p1, p2));
        f.AssertNoError();
    }

    [Fact]
    public void Enum_constructors_and_constant_values_are_listed()
    {
        using var f = new DynamicFixture();
        var tree = f.Enum("Tree");
        var names = (delegate* unmanaged<nint, nint>)f.Native("type_enum_fields");
        var values = (delegate* unmanaged<nint, nint>)f.Native("type_enum_values");
        Assert.Equal(["Leaf", "Node", "Empty", "Pair"], DynamicFixture.Names(names(tree.Native)));
        var vs = DynamicFixture.Elements(values(tree.Native));
        Assert.Equal(0, vs[0]);
        Assert.Equal(0, vs[1]);
        Assert.Equal(2, Enums.IndexOf(vs[2]));
        Assert.Equal(0, vs[3]);
        names(f.Builtin(TypeKind.I32).Native);
        Assert.Equal("i32 is not an enum", f.TakePendingError());
    }

    [Fact]
    public void Instance_closures_get_the_closure_type_of_the_function_type()
    {
        using var f = new DynamicFixture();
        var s = f.State;
        var full = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 2 && t.Function.Args[0].Kind == TypeKind.Obj
            && t.Function.Args[0].Object!.Name == "Base" && t.Function.Args[1].Kind == TypeKind.I32);
        var obj = f.New("Base");
        var c = AllocClosure(full.Native, 0x4000, 1, obj);
        var ct = f.TypeOf(c);
        Assert.Equal(s.ClosureTypeOf(full), ct);
        Assert.Equal(full, s.RequireFun(ct).Parent);
        Assert.Equal(1, Closures.HasValueOf(c));
        Assert.Equal(obj, Closures.ValueOf(c));
        Assert.Equal(full.Source, ct.ClosureOf);
        Assert.Equal(ct, s.ClosureTypeOf(full));

        var getValue = (delegate* unmanaged<nint, nint>)f.Native("get_closure_value");
        var noClosure = (delegate* unmanaged<nint, nint>)f.Native("no_closure");
        var makeClosure = (delegate* unmanaged<nint, nint, nint>)f.Native("make_closure");
        Assert.Equal(obj, getValue(c));
        var plain = noClosure(c);
        Assert.Equal(full, f.TypeOf(plain));
        Assert.Equal(0, Closures.HasValueOf(plain));
        Assert.Equal(0x4000, Closures.FunOf(plain));
        Assert.Equal(0, getValue(plain));
        Assert.Equal(plain, noClosure(plain));

        var other = f.New("Derived");
        var rebound = makeClosure(c, other);
        Assert.Equal(other, Closures.ValueOf(rebound));
        Assert.Equal(ct, f.TypeOf(rebound));
        Assert.Equal(0, makeClosure(plain, f.New("Other")));
        Assert.Equal(0, makeClosure(plain, 0));

        var stat = AllocClosure(full.Native, 0x4000, 0, 0);
        Assert.Equal(full, f.TypeOf(stat));
        Assert.Equal(0, Closures.HasValueOf(stat));
        f.AssertNoError();
    }

    [Fact]
    public void Closures_typed_with_their_register_type_find_their_full_type_from_the_function()
    {
        using var f = new DynamicFixture();
        var s = f.State;
        f.Runtime.Functions.SetEntries(Enumerable.Range(0, f.Module.FunctionIndexCount).Select(AddressOnlyInvoker.AddressOf).ToArray());
        var twice = f.Module.FindFunctions("Base.twice").Single();
        var i32ToI32 = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 1 && t.Function.Args[0].Kind == TypeKind.I32
            && t.Function.Return.Kind == TypeKind.I32);
        var obj = f.New("Base");
        // What OInstanceClosure makes: the register's type, the function's entry, the bound object.
        var c = Closures.AllocVoid(s, i32ToI32, AddressOnlyInvoker.AddressOf(twice.FunctionIndex));
        Closures.HasValueOf(c) = 1;
        Closures.ValueOf(c) = obj;
        Assert.Equal(f.Runtime.Types[twice.Type], s.ClosureParent(c));
        Assert.Equal(obj, ((delegate* unmanaged<nint, nint>)f.Native("get_closure_value"))(c));
        var plain = ((delegate* unmanaged<nint, nint>)f.Native("no_closure"))(c);
        Assert.Equal(f.Runtime.Types[twice.Type], f.TypeOf(plain));
        var rebound = ((delegate* unmanaged<nint, nint, nint>)f.Native("make_closure"))(c, f.New("Derived"));
        Assert.Equal(s.ClosureTypeOf(f.Runtime.Types[twice.Type]), f.TypeOf(rebound));
        f.AssertNoError();
    }

    [Fact]
    public void Var_args_closures_wrap_a_function_of_an_array()
    {
        using var f = new DynamicFixture();
        var s = f.State;
        var arrayFun = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 1 && t.Function.Args[0].Kind == TypeKind.Array
            && t.Function.Return.Kind == TypeKind.Dyn);
        var real = Closures.AllocVoid(s, arrayFun, 0x5000);
        var va = ((delegate* unmanaged<nint, nint>)f.Native("make_var_args"))(real);
        Assert.Equal(s.VarArgsType, f.TypeOf(va));
        Assert.Equal(real, Closures.ValueOf(va));
        Assert.Equal(0, ((delegate* unmanaged<nint, nint>)f.Native("get_closure_value"))(va));
        Assert.Equal(-1, ((delegate* unmanaged<nint, int>)f.Native("type_args_count"))(f.TypeOf(va).Native));
        // Calling its function directly is what hl reports for a var-args function that was not cast.
        ((delegate* unmanaged<nint>)Closures.VarArgsFunction)();
        Assert.Equal("Variable fun args was not cast to typed function", f.TakePendingError());
    }

    [Fact]
    public void Function_casts_need_a_wrapper_from_the_jit()
    {
        using var f = new DynamicFixture();
        var s = f.State;
        var i32ToI32 = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 1 && t.Function.Args[0].Kind == TypeKind.I32
            && t.Function.Return.Kind == TypeKind.I32);
        var stringToString = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 1 && t.Function.Args[0].Kind == TypeKind.Obj
            && t.Function.Args[0].Object!.Name == "String" && t.Function.Return.Kind == TypeKind.Obj && t.Function.Return.Object!.Name == "String");
        var c = Closures.AllocVoid(s, i32ToI32, 0x6000);
        var castp = (delegate* unmanaged<nint, nint, nint, nint>)DynamicFixture.Helper("rt_dyn_castp");

        castp((nint)(&c), i32ToI32.Native, stringToString.Native);
        Assert.Equal("Can't cast (i32 (i32)) to (String (String))", f.TakePendingError());

        f.Runtime.Invoker = new AddressOnlyInvoker();
        var w = castp((nint)(&c), i32ToI32.Native, stringToString.Native);
        f.AssertNoError();
        Assert.Equal(stringToString, f.TypeOf(w));
        Assert.Equal(2, Closures.HasValueOf(w));
        Assert.Equal(w, Closures.ValueOf(w));
        Assert.Equal(c, *(nint*)(w + Closures.WrappedFun));
        Assert.Equal(0x7000, Closures.FunOf(w));
        // Wrappers compare as what they wrap.
        Assert.Equal(0, Comparison.DynCompare(s, w, c));
        Assert.Equal(c, ((delegate* unmanaged<nint, nint>)f.Native("no_closure"))(w));
    }

    [Fact]
    public void Dynamic_calls_without_a_jit_report_that_hl_code_cannot_be_called()
    {
        using var f = new DynamicFixture();
        var fun = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 1 && t.Function.Args[0].Kind == TypeKind.I32
            && t.Function.Return.Kind == TypeKind.I32);
        var c = Closures.AllocVoid(f.State, fun, 0x6000);
        var args = stackalloc nint[1];
        args[0] = f.BoxI32(1);
        ((delegate* unmanaged<nint, nint, int, nint>)DynamicFixture.Helper("rt_dyn_call"))(c, (nint)args, 1);
        Assert.Equal("no JIT is attached to this runtime: HL code cannot be called back", f.TakePendingError());

        // Errors found before calling do not need the JIT.
        var many = stackalloc nint[10];
        ((delegate* unmanaged<nint, nint, int, nint>)DynamicFixture.Helper("rt_dyn_call"))(c, (nint)many, 10);
        Assert.Equal("Too many arguments", f.TakePendingError());
        var call = (delegate* unmanaged<nint, nint, nint>)f.Native("call_method");
        call(c, HlArrays.Allocate(f.Runtime, f.Builtin(TypeKind.Dyn), 0));
        Assert.Equal("Missing arguments : 1 expected but 0 passed", f.TakePendingError());
        var bound = Closures.AllocPtr(f.State, f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 2
            && t.Function.Args[0].Kind == TypeKind.Obj && t.Function.Args[0].Object!.Name == "Base" && t.Function.Args[1].Kind == TypeKind.I32), 0x6000, f.New("Base"));
        call(bound, HlArrays.Allocate(f.Runtime, f.Builtin(TypeKind.Dyn), 1));
        Assert.Equal("Can't call closure with value", f.TakePendingError());
    }

    [Fact]
    public void Dyn_call_obj_reports_missing_and_uncallable_fields()
    {
        using var f = new DynamicFixture();
        var s = f.State;
        var fun = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 1 && t.Function.Args[0].Kind == TypeKind.I32
            && t.Function.Return.Kind == TypeKind.I32);
        var callObj = (delegate* unmanaged<nint, nint, int, nint, nint, nint>)DynamicFixture.Helper("rt_dyn_call_obj");
        var ret = stackalloc long[2];
        var args = stackalloc nint[1];
        var o = DynObjs.Allocate(s);
        FieldAccess.SetI(s, o, f.Hash("x"), f.Builtin(TypeKind.I32), 1);
        callObj(o, fun.Native, f.Hash("x"), (nint)args, (nint)ret);
        Assert.Equal("Field x is of type i32 and cannot be called", f.TakePendingError());
        callObj(o, fun.Native, f.Hash("nothing"), (nint)args, (nint)ret);
        Assert.Equal("dynobj has no method nothing", f.TakePendingError());
        var other = f.New("Other");
        callObj(other, fun.Native, f.Hash("nothing"), (nint)args, (nint)ret);
        Assert.Equal("Other has no method nothing", f.TakePendingError());
        callObj(other, fun.Native, f.Hash("id"), (nint)args, (nint)ret);
        Assert.Equal("Field id is of type i32 and cannot be called", f.TakePendingError());
        callObj(f.BoxI32(1000), fun.Native, f.Hash("id"), (nint)args, (nint)ret);
        Assert.Equal("Invalid field access", f.TakePendingError());
    }

    [Fact]
    public void The_error_handler_is_kept_per_thread()
    {
        using var f = new DynamicFixture();
        var set = (delegate* unmanaged<nint, void>)f.Native("set_error_handler");
        Assert.Equal(0, ErrorHandlers.Get(f.Thread));
        set(0x1234);
        Assert.Equal(0x1234, ErrorHandlers.Get(f.Thread));
        Assert.Single(ErrorHandlers.RootSlots(f.Runtime));
        ((delegate* unmanaged<void>)f.Native("breakpoint"))();
    }
}
