using Vm.Frontend.Model;
using Vm.Runtime.Dynamic;

namespace Vm.Runtime.Tests.Dynamic;

public unsafe class CompareTests
{
    private static int Compare(nint a, nint b) => ((delegate* unmanaged<nint, nint, int>)DynamicFixture.Helper("rt_dyn_compare"))(a, b);

    [Fact]
    public void Numbers_compare_by_value_across_int_and_float()
    {
        using var f = new DynamicFixture();
        Assert.Equal(-1, Compare(f.BoxI32(1), f.BoxI32(2)));
        Assert.Equal(1, Compare(f.BoxI32(2000), f.BoxI32(1000)));
        Assert.Equal(0, Compare(f.BoxI32(300), f.BoxI32(300)));
        Assert.Equal(1, Compare(f.BoxF64(1.5), f.BoxF64(1.25)));
        Assert.Equal(0, Compare(f.BoxF64(0.0), f.BoxF64(-0.0)));
        Assert.Equal(-1, Compare(f.BoxI32(1), f.BoxF64(1.5)));
        Assert.Equal(0, Compare(f.BoxF64(2.0), f.BoxI32(2)));
        Assert.Equal(0, Compare(f.BoxF64(double.PositiveInfinity), f.BoxF64(double.PositiveInfinity)));
        Assert.Equal(Comparison.Invalid, Compare(f.BoxF64(double.NaN), f.BoxF64(1)));
        Assert.Equal(Comparison.Invalid, Compare(f.BoxF64(double.NaN), f.BoxI32(1)));
        Assert.Equal(-1, Compare(f.Box(f.Builtin(TypeKind.I64), 5L), f.Box(f.Builtin(TypeKind.I64), 6L)));
        Assert.Equal(-1, Compare(f.Box(f.Builtin(TypeKind.F32), 1f), f.BoxF64(2)));
        Assert.Equal(1, Compare(f.State.True, f.State.False));
        // ui8 against i32 has no order in hl.
        Assert.Equal(Comparison.Invalid, Compare(f.Box(f.Builtin(TypeKind.UI8), (byte)1), f.BoxI32(1000)));
        f.AssertNoError();
    }

    [Fact]
    public void Null_sorts_first_and_equals_only_itself()
    {
        using var f = new DynamicFixture();
        Assert.Equal(0, Compare(0, 0));
        Assert.Equal(-1, Compare(0, f.BoxI32(1)));
        Assert.Equal(1, Compare(f.BoxI32(1), 0));
    }

    [Fact]
    public void Objects_without_compare_are_ordered_by_address_and_views_by_their_value()
    {
        using var f = new DynamicFixture();
        var a = f.New("Other");
        var b = f.New("Other");
        Assert.Equal(0, Compare(a, a));
        Assert.Equal(a > b ? 1 : -1, Compare(a, b));
        var e1 = Enums.Allocate(f.State, f.Enum("Tree"), 2);
        var e2 = Enums.Allocate(f.State, f.Enum("Tree"), 2);
        Assert.NotEqual(0, Compare(e1, e2));
        Assert.Equal(Comparison.Invalid, Compare(a, e1));

        var o = DynObjs.Allocate(f.State);
        var v = Virtuals.ToVirtual(f.State, f.Virtual("x:i32", "y:i32"), o);
        Assert.Equal(0, Compare(o, v));
        Assert.Equal(0, Compare(v, o));
        var self = Virtuals.Allocate(f.State, f.Virtual("x:i32", "y:i32"));
        Assert.Equal(Comparison.Invalid, Compare(self, v));
        f.AssertNoError();
    }

    [Fact]
    public void Closures_compare_by_function_then_bound_value()
    {
        using var f = new DynamicFixture();
        var fun = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 2 && t.Function.Args[0].Kind == TypeKind.Obj
            && t.Function.Args[0].Object!.Name == "Base" && t.Function.Args[1].Kind == TypeKind.I32);
        var obj = f.New("Base");
        var c1 = Closures.AllocPtr(f.State, fun, 0x1234, obj);
        var c2 = Closures.AllocPtr(f.State, fun, 0x1234, obj);
        var c3 = Closures.AllocPtr(f.State, fun, 0x5678, obj);
        Assert.Equal(0, Compare(c1, c2));
        Assert.Equal(Comparison.Invalid, Compare(c1, c3));
        var fc = (delegate* unmanaged<nint, nint, byte>)f.Native("fun_compare");
        Assert.Equal(1, fc(c1, c2));
        Assert.Equal(0, fc(c1, c3));
        Assert.Equal(0, fc(c1, Closures.AllocPtr(f.State, fun, 0x1234, f.New("Base"))));
        Assert.Equal(0, fc(c1, 0));
        Assert.Equal(1, fc(0, 0));
    }

    [Fact]
    public void Type_and_bytes_boxes_compare_by_pointer_equality()
    {
        using var f = new DynamicFixture();
        var t1 = f.Box(f.Builtin(TypeKind.Type), f.Class("Base").Native);
        var t2 = f.Box(f.Builtin(TypeKind.Type), f.Class("Base").Native);
        var t3 = f.Box(f.Builtin(TypeKind.Type), f.Class("Other").Native);
        Assert.Equal(0, Compare(t1, t2));
        Assert.Equal(1, Compare(t1, t3));
    }

    [Fact]
    public void Safe_cast_follows_class_hierarchies_functions_and_nulls()
    {
        using var f = new DynamicFixture();
        var s = f.State;
        var safe = (delegate* unmanaged<nint, nint, byte>)DynamicFixture.Helper("rt_safe_cast");
        Assert.Equal(1, safe(f.Class("Derived").Native, f.Class("Base").Native));
        Assert.Equal(0, safe(f.Class("Base").Native, f.Class("Derived").Native));
        Assert.Equal(1, safe(f.NullOf(TypeKind.I32).Native, f.Builtin(TypeKind.Dyn).Native));
        Assert.Equal(0, safe(f.NullOf(TypeKind.I32).Native, f.NullOf(TypeKind.F64).Native));
        Assert.Equal(1, safe(f.Enum("Tree").Native, f.Builtin(TypeKind.Dyn).Native));
        Assert.Equal(0, safe(f.Builtin(TypeKind.Bytes).Native, f.Builtin(TypeKind.Dyn).Native));
        // Function types: covariant result, contravariant arguments (dynamic parameters accept any dynamic).
        var full = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 2 && t.Function.Args[0].Kind == TypeKind.Obj
            && t.Function.Args[0].Object!.Name == "Base" && t.Function.Args[1].Kind == TypeKind.I32);
        var closure = s.ClosureTypeOf(full);
        var i32ToI32 = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 1 && t.Function.Args[0].Kind == TypeKind.I32
            && t.Function.Return.Kind == TypeKind.I32);
        Assert.True(HlTypeOps.SafeCast(s, closure, i32ToI32));
        Assert.True(HlTypeOps.SameType(s, closure, i32ToI32));
        Assert.False(HlTypeOps.SafeCast(s, full, i32ToI32));
        f.AssertNoError();
    }

    [Fact]
    public void Dynamic_arithmetic_works_on_numbers_and_null()
    {
        using var f = new DynamicFixture();
        var op = (delegate* unmanaged<int, nint, nint, nint>)f.Native("dyn_op");
        var sum = op(DynOps.Add, f.BoxI32(3), f.BoxI32(4));
        Assert.Equal(TypeKind.F64, f.TypeOf(sum).Kind);
        Assert.Equal(7.0, DynamicFixture.Unbox<double>(sum));
        Assert.Equal(48, DynamicFixture.Unbox<int>(op(DynOps.Shl, f.BoxI32(3), f.BoxI32(4))));
        Assert.Equal(int.MaxValue, DynamicFixture.Unbox<int>(op(DynOps.UShr, f.BoxI32(-1), f.BoxI32(1))));
        Assert.Equal(1.5, DynamicFixture.Unbox<double>(op(DynOps.Mod, f.BoxF64(7.5), f.BoxI32(2))));
        Assert.Equal(2.0, DynamicFixture.Unbox<double>(op(DynOps.Add, 0, f.BoxF64(2))));
        Assert.True(double.IsNaN(DynamicFixture.Unbox<double>(op(DynOps.Div, 0, 0))));
        Assert.Equal(0, op(DynOps.Add, 0, 0));
        op(DynOps.Add, f.Str("a"), f.BoxI32(1));
        Assert.Equal("Can't perform dyn op String + i32", f.TakePendingError());
        op(42, f.BoxI32(1), f.BoxI32(1));
        Assert.Equal("Invalid op 42", f.TakePendingError());
        var ptr = (delegate* unmanaged<nint, nint, int>)f.Native("ptr_compare");
        Assert.Equal(0, ptr(5, 5));
        Assert.Equal(1, ptr(6, 5));
        Assert.Equal(-1, ptr(5, 6));
    }
}
