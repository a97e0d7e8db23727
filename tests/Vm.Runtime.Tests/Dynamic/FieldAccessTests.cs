using Vm.Frontend.Model;
using Vm.Runtime.Dynamic;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Dynamic;

public unsafe class FieldAccessTests
{
    private static nint GetP(nint o, int h, nint t) => ((delegate* unmanaged<nint, int, nint, nint>)DynamicFixture.Helper("rt_dyn_getp"))(o, h, t);
    private static int GetI(nint o, int h, nint t) => ((delegate* unmanaged<nint, int, nint, int>)DynamicFixture.Helper("rt_dyn_geti"))(o, h, t);
    private static long GetI64(nint o, int h) => ((delegate* unmanaged<nint, int, long>)DynamicFixture.Helper("rt_dyn_geti64"))(o, h);
    private static double GetD(nint o, int h) => ((delegate* unmanaged<nint, int, double>)DynamicFixture.Helper("rt_dyn_getd"))(o, h);
    private static float GetF(nint o, int h) => ((delegate* unmanaged<nint, int, float>)DynamicFixture.Helper("rt_dyn_getf"))(o, h);
    private static void SetP(nint o, int h, nint t, nint v) => ((delegate* unmanaged<nint, int, nint, nint, void>)DynamicFixture.Helper("rt_dyn_setp"))(o, h, t, v);
    private static void SetI(nint o, int h, nint t, int v) => ((delegate* unmanaged<nint, int, nint, int, void>)DynamicFixture.Helper("rt_dyn_seti"))(o, h, t, v);
    private static void SetI64(nint o, int h, long v) => ((delegate* unmanaged<nint, int, long, void>)DynamicFixture.Helper("rt_dyn_seti64"))(o, h, v);
    private static void SetD(nint o, int h, double v) => ((delegate* unmanaged<nint, int, double, void>)DynamicFixture.Helper("rt_dyn_setd"))(o, h, v);
    private static void SetF(nint o, int h, float v) => ((delegate* unmanaged<nint, int, float, void>)DynamicFixture.Helper("rt_dyn_setf"))(o, h, v);
    private static nint AllocObj(nint t) => ((delegate* unmanaged<nint, nint>)DynamicFixture.Helper("rt_alloc_obj"))(t);

    [Fact]
    public void Object_fields_are_read_and_written_by_hash_with_conversions()
    {
        using var f = new DynamicFixture();
        var d = AllocObj(f.Class("Derived").Native);
        var i32 = f.Builtin(TypeKind.I32).Native;
        var dyn = f.Builtin(TypeKind.Dyn).Native;
        SetI(d, f.Hash("id"), i32, 41);
        Assert.Equal(41, f.Field<int>(d, "Derived", "id"));
        Assert.Equal(41, GetI(d, f.Hash("id"), i32));
        Assert.Equal(41.0, GetD(d, f.Hash("id")));

        SetD(d, f.Hash("w"), 2.5);
        Assert.Equal(2.5, f.Field<double>(d, "Derived", "w"));
        Assert.Equal(2, GetI(d, f.Hash("w"), i32));
        SetI(d, f.Hash("w"), i32, 3);
        Assert.Equal(3.0, f.Field<double>(d, "Derived", "w"));

        SetF(d, f.Hash("half"), 0.5f);
        Assert.Equal(0.5f, GetF(d, f.Hash("half")));
        SetI64(d, f.Hash("small"), 300);
        Assert.Equal(300 & 0xFF, f.Field<byte>(d, "Derived", "small"));
        Assert.Equal(44L, GetI64(d, f.Hash("small")));

        // A dynamic written to an int field is unboxed; a field read as dynamic is boxed.
        SetP(d, f.Hash("id"), dyn, f.BoxF64(9.7));
        Assert.Equal(9, f.Field<int>(d, "Derived", "id"));
        var boxed = GetP(d, f.Hash("id"), dyn);
        Assert.Equal(9, DynamicFixture.Unbox<int>(boxed));

        // Null<Int> fields hold boxes.
        SetI(d, f.Hash("opt"), i32, 12);
        var opt = f.Field<nint>(d, "Derived", "opt");
        Assert.Equal(12, DynamicFixture.Unbox<int>(opt));
        Assert.Equal(12, GetI(d, f.Hash("opt"), i32));
        SetP(d, f.Hash("opt"), dyn, 0);
        Assert.Equal(0, f.Field<nint>(d, "Derived", "opt"));

        var s = f.Str("text");
        SetP(d, f.Hash("label"), f.Runtime.Strings.StringType.Native, s);
        Assert.Equal(s, GetP(d, f.Hash("label"), dyn));
        f.AssertNoError();
    }

    [Fact]
    public void Missing_fields_read_as_zero_and_writing_them_fails_on_classes()
    {
        using var f = new DynamicFixture();
        var o = f.New("Other");
        var i32 = f.Builtin(TypeKind.I32).Native;
        Assert.Equal(0, GetI(o, f.Hash("nope"), i32));
        Assert.Equal(0, GetP(o, f.Hash("nope"), f.Builtin(TypeKind.Dyn).Native));
        f.AssertNoError();
        SetI(o, f.Hash("nope"), i32, 1);
        Assert.Equal("Other does not have field nope", f.TakePendingError());
        SetI(o, 123456789, i32, 1);
        Assert.Equal("Other does not have field ???", f.TakePendingError());

        var box = f.BoxI32(1000);
        GetI(box, f.Hash("x"), i32);
        Assert.Equal("Invalid field access", f.TakePendingError());
        GetI(0, f.Hash("x"), i32);
        Assert.Equal("Null access", f.TakePendingError());
    }

    [Fact]
    public void Inherited_fields_are_found_through_the_parent()
    {
        using var f = new DynamicFixture();
        var d = f.New("Derived");
        f.Field<int>(d, "Derived", "id") = 5;
        var ci = f.State.Class(f.Class("Derived"));
        Assert.Null(ci.FindOwn(f.Hash("id")));
        Assert.NotNull(ci.Resolve(f.Hash("id")));
        Assert.Equal(5, GetI(d, f.Hash("id"), f.Builtin(TypeKind.I32).Native));
    }

    [Fact]
    public void Dynobj_fields_are_added_retyped_and_kept_in_insertion_order()
    {
        using var f = new DynamicFixture();
        var s = f.State;
        var o = AllocObj(f.Builtin(TypeKind.DynObj).Native);
        Assert.Equal(TypeKind.DynObj, f.TypeOf(o).Kind);
        var i32 = f.Builtin(TypeKind.I32).Native;
        var dyn = f.Builtin(TypeKind.Dyn).Native;
        SetI(o, f.Hash("name"), i32, 1);
        SetD(o, f.Hash("list"), 2.5);
        SetP(o, f.Hash("inner"), f.Runtime.Strings.StringType.Native, f.Str("s"));
        SetI64(o, f.Hash("big"), long.MaxValue);
        Assert.Equal(4, DynObjs.FieldCountOf(o));
        Assert.Equal(["name", "list", "inner", "big"], DynamicFixture.Names(FieldAccess.ObjFields(s, o)));
        Assert.Equal(1, GetI(o, f.Hash("name"), i32));
        Assert.Equal(2.5, GetD(o, f.Hash("list")));
        Assert.Equal("s", f.Runtime.Strings.Read(GetP(o, f.Hash("inner"), dyn)));
        Assert.Equal(long.MaxValue, GetI64(o, f.Hash("big")));

        // A value of another type replaces the field (same size: retyped in place; else deleted and added again).
        SetP(o, f.Hash("name"), f.Runtime.Strings.StringType.Native, f.Str("now a string"));
        Assert.Equal("now a string", f.Runtime.Strings.Read(GetP(o, f.Hash("name"), dyn)));
        Assert.Equal(["list", "inner", "big", "name"], DynamicFixture.Names(FieldAccess.ObjFields(s, o)));
        SetI64(o, f.Hash("list"), 7);
        Assert.Equal(TypeKind.I64, s.FromNative(DynObjs.EntryType(DynObjs.Find(o, f.Hash("list")))).Kind);
        Assert.Equal(["list", "inner", "big", "name"], DynamicFixture.Names(FieldAccess.ObjFields(s, o)));
        Assert.Equal(7.0, GetD(o, f.Hash("list")));

        // Missing fields read as zero.
        Assert.Equal(0, GetI(o, f.Hash("missing"), i32));
        Assert.Equal(0, GetP(o, f.Hash("missing"), dyn));
        f.AssertNoError();
    }

    [Fact]
    public void Deleting_dynobj_fields_compacts_values_and_keeps_order()
    {
        using var f = new DynamicFixture();
        var s = f.State;
        var o = DynObjs.Allocate(s);
        var str = f.Runtime.Strings.StringType;
        foreach (var name in new[] { "a", "b", "c", "d" })
            FieldAccess.SetP(s, o, f.Hash(name), str, f.Str(name + name));
        FieldAccess.SetI(s, o, f.Hash("n"), f.Builtin(TypeKind.I32), 5);
        Assert.True(FieldAccess.ObjDeleteField(s, o, f.Hash("b")));
        Assert.False(FieldAccess.ObjDeleteField(s, o, f.Hash("b")));
        Assert.Equal(3, DynObjs.ValueCountOf(o));
        Assert.Equal(["a", "c", "d", "n"], DynamicFixture.Names(FieldAccess.ObjFields(s, o)));
        foreach (var name in new[] { "a", "c", "d" })
            Assert.Equal(name + name, f.Runtime.Strings.Read(FieldAccess.GetP(s, o, f.Hash(name), s.Dyn)));
        Assert.True(FieldAccess.ObjDeleteField(s, o, f.Hash("n")));
        FieldAccess.SetD(s, o, f.Hash("x"), 1.25);
        Assert.Equal(1.25, FieldAccess.GetD(s, o, f.Hash("x")));
        Assert.Equal(["a", "c", "d", "x"], DynamicFixture.Names(FieldAccess.ObjFields(s, o)));
        f.AssertNoError();
    }

    [Fact]
    public void Self_contained_virtuals_read_their_own_storage_and_grow_into_dynobjs()
    {
        using var f = new DynamicFixture();
        var s = f.State;
        var vt = f.Virtual("x:i32", "y:i32");
        var v = Virtuals.Allocate(s, vt);
        var i32 = f.Builtin(TypeKind.I32).Native;
        SetI(v, f.Hash("x"), i32, 3);
        Assert.Equal(3, *(int*)Virtuals.Fields(v)[0]);
        Assert.Equal(0, Virtuals.ValueOf(v));
        Assert.Equal(3.0, GetD(v, f.Hash("x")));

        // A value that does not fit the field's type, or a new field, turns the virtual into a view.
        SetD(v, f.Hash("y"), 0.5);
        var o = Virtuals.ValueOf(v);
        Assert.NotEqual(0, o);
        Assert.Equal(0.5, GetD(v, f.Hash("y")));
        Assert.Equal(0, Virtuals.Fields(v)[1]); // y is now an f64: the i32 view has no pointer for it
        SetP(v, f.Hash("extra"), f.Builtin(TypeKind.Dyn).Native, f.BoxI32(1));
        Assert.Equal(1, GetI(o, f.Hash("extra"), i32));
        Assert.Equal(3, *(int*)Virtuals.Fields(v)[0]);
        f.AssertNoError();
    }

    [Fact]
    public void Methods_read_dynamically_become_closures_bound_to_the_object()
    {
        using var f = new DynamicFixture();
        f.Runtime.Invoker = new AddressOnlyInvoker();
        var d = f.New("Derived");
        var c = GetP(d, f.Hash("name"), f.Builtin(TypeKind.Dyn).Native);
        f.AssertNoError();
        Assert.Equal(TypeKind.Fun, f.TypeOf(c).Kind);
        Assert.Equal(1, Closures.HasValueOf(c));
        Assert.Equal(d, Closures.ValueOf(c));
        // name is overridden: the closure calls Derived.name, typed as Base.name's closure type.
        var derivedName = f.Module.FindFunctions("Derived.name").Single().FunctionIndex;
        Assert.Equal(AddressOnlyInvoker.AddressOf(derivedName), Closures.FunOf(c));
        Assert.Equal(0, f.State.RequireFun(f.TypeOf(c)).NArgs);
        Assert.False(FieldAccess.ObjHasField(f.State, d, f.Hash("name")));
        Assert.True(FieldAccess.ObjHasField(f.State, d, f.Hash("w")));
    }
}
