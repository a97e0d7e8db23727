using Vm.Frontend.Model;
using Vm.Runtime.Dynamic;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Dynamic;

public unsafe class CastTests
{
    private static nint CastP(DynamicFixture f, nint data, nint from, nint to) =>
        ((delegate* unmanaged<nint, nint, nint, nint>)DynamicFixture.Helper("rt_dyn_castp"))(data, from, to);

    private static int CastI(DynamicFixture f, nint data, nint from, nint to) =>
        ((delegate* unmanaged<nint, nint, nint, int>)DynamicFixture.Helper("rt_dyn_casti"))(data, from, to);

    private static long CastI64(nint data, nint from) =>
        ((delegate* unmanaged<nint, nint, long>)DynamicFixture.Helper("rt_dyn_casti64"))(data, from);

    private static double CastD(nint data, nint from) =>
        ((delegate* unmanaged<nint, nint, double>)DynamicFixture.Helper("rt_dyn_castd"))(data, from);

    private static float CastF(nint data, nint from) =>
        ((delegate* unmanaged<nint, nint, float>)DynamicFixture.Helper("rt_dyn_castf"))(data, from);

    [Fact]
    public void Every_scalar_kind_boxes_to_dynamic_and_unboxes_back()
    {
        using var f = new DynamicFixture();
        var dyn = f.Builtin(TypeKind.Dyn).Native;

        byte u8 = 200;
        var b = CastP(f, (nint)(&u8), f.Builtin(TypeKind.UI8).Native, dyn);
        Assert.Equal(TypeKind.UI8, f.TypeOf(b).Kind);
        Assert.Equal(200, CastI(f, (nint)(&b), dyn, f.Builtin(TypeKind.I32).Native));

        ushort u16 = 65000;
        b = CastP(f, (nint)(&u16), f.Builtin(TypeKind.UI16).Native, dyn);
        Assert.Equal(TypeKind.UI16, f.TypeOf(b).Kind);
        Assert.Equal(65000.0, CastD((nint)(&b), dyn));

        var i = -123456;
        b = CastP(f, (nint)(&i), f.Builtin(TypeKind.I32).Native, dyn);
        Assert.Equal(-123456, DynamicFixture.Unbox<int>(b));
        Assert.Equal(-123456L, CastI64((nint)(&b), dyn));
        Assert.Equal(-123456f, CastF((nint)(&b), dyn));

        var l = 1L << 40;
        b = CastP(f, (nint)(&l), f.Builtin(TypeKind.I64).Native, dyn);
        Assert.Equal(TypeKind.I64, f.TypeOf(b).Kind);
        Assert.Equal(1L << 40, CastI64((nint)(&b), dyn));
        Assert.Equal(0, CastI(f, (nint)(&b), dyn, f.Builtin(TypeKind.I32).Native)); // truncated to the low 32 bits

        var fl = 2.75f;
        b = CastP(f, (nint)(&fl), f.Builtin(TypeKind.F32).Native, dyn);
        Assert.Equal(TypeKind.F32, f.TypeOf(b).Kind);
        Assert.Equal(2.75, CastD((nint)(&b), dyn));
        Assert.Equal(2, CastI(f, (nint)(&b), dyn, f.Builtin(TypeKind.I32).Native));

        var d = -7.9;
        b = CastP(f, (nint)(&d), f.Builtin(TypeKind.F64).Native, dyn);
        Assert.Equal(-7.9, DynamicFixture.Unbox<double>(b));
        Assert.Equal(-7, CastI(f, (nint)(&b), dyn, f.Builtin(TypeKind.I32).Native));
        Assert.Equal(-7.9f, CastF((nint)(&b), dyn));

        byte t = 1;
        b = CastP(f, (nint)(&t), f.Builtin(TypeKind.Bool).Native, dyn);
        Assert.Equal(f.State.True, b);
        Assert.Equal(1, CastI(f, (nint)(&b), dyn, f.Builtin(TypeKind.Bool).Native));
        f.AssertNoError();
    }

    [Fact]
    public void Small_ints_share_permanent_boxes_as_in_hashlink()
    {
        using var f = new DynamicFixture();
        Assert.Equal(f.State.BoxI32(-128), f.State.BoxI32(-128));
        Assert.Equal(f.State.BoxI32(127), f.State.BoxI32(127));
        Assert.NotEqual(f.State.BoxI32(128), f.State.BoxI32(128));
        Assert.Equal(5, DynamicFixture.Unbox<int>(f.State.BoxI32(5)));
    }

    [Fact]
    public void Null_dynamics_convert_to_zero_and_null()
    {
        using var f = new DynamicFixture();
        var dyn = f.Builtin(TypeKind.Dyn).Native;
        nint none = 0;
        Assert.Equal(0, CastI(f, (nint)(&none), dyn, f.Builtin(TypeKind.I32).Native));
        Assert.Equal(0L, CastI64((nint)(&none), dyn));
        Assert.Equal(0.0, CastD((nint)(&none), dyn));
        Assert.Equal(0f, CastF((nint)(&none), dyn));
        Assert.Equal(0, CastP(f, (nint)(&none), dyn, f.Class("Base").Native));
        Assert.Equal(0, CastP(f, (nint)(&none), dyn, f.NullOf(TypeKind.I32).Native));
        // Null<Int> read as Int
        Assert.Equal(0, CastI(f, (nint)(&none), f.NullOf(TypeKind.I32).Native, f.Builtin(TypeKind.I32).Native));
        f.AssertNoError();
    }

    [Fact]
    public void Casting_to_null_of_a_number_converts_and_reboxes()
    {
        using var f = new DynamicFixture();
        var dyn = f.Builtin(TypeKind.Dyn).Native;
        var box = f.BoxF64(3.9);
        var r = CastP(f, (nint)(&box), dyn, f.NullOf(TypeKind.I32).Native);
        Assert.Equal(TypeKind.I32, f.TypeOf(r).Kind);
        Assert.Equal(3, DynamicFixture.Unbox<int>(r));

        var i = f.BoxI32(1000);
        var asF64 = CastP(f, (nint)(&i), dyn, f.NullOf(TypeKind.F64).Native);
        Assert.Equal(TypeKind.F64, f.TypeOf(asF64).Kind);
        Assert.Equal(1000.0, DynamicFixture.Unbox<double>(asF64));

        // A box already of the parameter type is returned as is.
        var n = f.Box(f.Runtime.Types[f.NullOf(TypeKind.I32).Source!.Param!], 42);
        Assert.Equal(n, CastP(f, (nint)(&n), dyn, f.NullOf(TypeKind.I32).Native));
        f.AssertNoError();
    }

    [Fact]
    public void Invalid_casts_raise_hashlinks_message()
    {
        using var f = new DynamicFixture();
        var dyn = f.Builtin(TypeKind.Dyn).Native;
        var obj = f.New("Other");
        Assert.Equal(0, CastI(f, (nint)(&obj), dyn, f.Builtin(TypeKind.I32).Native));
        Assert.Equal("Can't cast Other to i32", f.TakePendingError());

        Assert.Equal(0.0, CastD((nint)(&obj), dyn));
        Assert.Equal("Can't cast Other to f64", f.TakePendingError());

        Assert.Equal(0, CastP(f, (nint)(&obj), dyn, f.Class("Base").Native));
        Assert.Equal("Can't cast Other to Base", f.TakePendingError());

        var s = f.Str("x");
        Assert.Equal(0, CastI(f, (nint)(&s), dyn, f.Builtin(TypeKind.Bool).Native));
        Assert.Equal("Can't cast String to bool", f.TakePendingError());

        var e = Enums.Allocate(f.State, f.Enum("Tree"), 2);
        CastP(f, (nint)(&e), dyn, f.Virtual("x:i32", "y:i32").Native);
        Assert.Equal("Can't cast enum<Tree> to virtual<x:i32,y:i32>", f.TakePendingError());

        var u8 = f.Box(f.Builtin(TypeKind.UI8), (byte)1);
        CastP(f, (nint)(&u8), dyn, f.Class("Base").Native);
        Assert.Equal("Can't cast i8 to Base", f.TakePendingError());
    }

    [Fact]
    public void Objects_cast_up_and_down_their_class_hierarchy()
    {
        using var f = new DynamicFixture();
        var dyn = f.Builtin(TypeKind.Dyn).Native;
        var d = f.New("Derived");
        Assert.Equal(d, CastP(f, (nint)(&d), dyn, f.Class("Base").Native));
        Assert.Equal(d, CastP(f, (nint)(&d), f.Class("Base").Native, f.Class("Derived").Native));
        Assert.Equal(d, CastP(f, (nint)(&d), f.Class("Derived").Native, dyn));
        var b = f.New("Base");
        CastP(f, (nint)(&b), dyn, f.Class("Derived").Native);
        Assert.Equal("Can't cast Base to Derived", f.TakePendingError());
    }

    [Fact]
    public void Casting_to_a_ref_allocates_a_cell()
    {
        using var f = new DynamicFixture();
        var refI32 = f.ModuleType(t => t.Kind == TypeKind.Ref && t.Param!.Kind == TypeKind.I32);
        var box = f.BoxF64(8.5);
        var cell = CastP(f, (nint)(&box), f.Builtin(TypeKind.Dyn).Native, refI32.Native);
        Assert.Equal(8, *(int*)cell);
        f.AssertNoError();
    }

    [Fact]
    public void Float_to_int_conversions_follow_x86_for_nan_and_overflow()
    {
        Assert.Equal(int.MinValue, Casts.ToInt(double.NaN));
        Assert.Equal(int.MinValue, Casts.ToInt(3e10));
        Assert.Equal(int.MinValue, Casts.ToInt(-3e10));
        Assert.Equal(-2, Casts.ToInt(-2.9));
        Assert.Equal(long.MinValue, Casts.ToLong(double.PositiveInfinity));
        Assert.Equal(123, Casts.ToLong(123.99));
    }

    [Fact]
    public void Value_cast_accepts_compatible_values_and_rejects_others()
    {
        using var f = new DynamicFixture();
        var cast = (delegate* unmanaged<nint, nint, nint>)f.Native("value_cast");
        var d = f.New("Derived");
        Assert.Equal(d, cast(d, f.Class("Base").Native));
        Assert.Equal(0, cast(0, f.Class("Base").Native));
        var o = f.New("Other");
        Assert.Equal(0, cast(o, f.Class("Base").Native));
        Assert.Equal("Can't cast Other to Base", f.TakePendingError());
        Assert.Equal(o, cast(o, f.Builtin(TypeKind.Dyn).Native));
    }

    [Fact]
    public void Type_names_are_printed_as_hl_type_str_does()
    {
        using var f = new DynamicFixture();
        var s = f.State;
        Assert.Equal("i8", HlTypeNames.Of(s, f.Builtin(TypeKind.UI8)));
        Assert.Equal("i16", HlTypeNames.Of(s, f.Builtin(TypeKind.UI16)));
        Assert.Equal("dynamic", HlTypeNames.Of(s, f.Builtin(TypeKind.Dyn)));
        Assert.Equal("dynobj", HlTypeNames.Of(s, f.Builtin(TypeKind.DynObj)));
        Assert.Equal("null<i32>", HlTypeNames.Of(s, f.NullOf(TypeKind.I32)));
        Assert.Equal("enum<Tree>", HlTypeNames.Of(s, f.Enum("Tree")));
        Assert.Equal("virtual<x:f64,y:i32>", HlTypeNames.Of(s, f.Virtual("x:f64", "y:i32")));
        Assert.Equal("virtual<area:(f64 ())>", HlTypeNames.Of(s, f.Virtual("area:method:() -> f64")));
        var fun = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 2
            && t.Function.Args[0].Kind == TypeKind.Obj && t.Function.Args[0].Object!.Name == "Base" && t.Function.Args[1].Kind == TypeKind.I32);
        Assert.Equal("(i32 (Base,i32))", HlTypeNames.Of(s, fun));
        Assert.Equal("(i32 (i32))", HlTypeNames.Of(s, s.ClosureTypeOf(fun)));
    }
}
