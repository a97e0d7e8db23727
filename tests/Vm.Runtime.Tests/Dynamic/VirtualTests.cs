using Vm.Frontend.Model;
using Vm.Runtime.Dynamic;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Dynamic;

public unsafe class VirtualTests
{
    private static nint ToVirtual(nint vt, nint value) =>
        ((delegate* unmanaged<nint, nint, nint>)DynamicFixture.Helper("rt_to_virtual"))(vt, value);

    private static nint AllocVirtual(nint vt) =>
        ((delegate* unmanaged<nint, nint>)DynamicFixture.Helper("rt_alloc_virtual"))(vt);

    private static nint AllocDynObj() =>
        ((delegate* unmanaged<nint>)DynamicFixture.Helper("rt_alloc_dynobj"))();

    [Fact]
    public void A_view_on_an_object_points_into_the_object()
    {
        using var f = new DynamicFixture();
        var obj = f.New("Derived");
        f.Field<int>(obj, "Derived", "id") = 7;
        f.Field<nint>(obj, "Derived", "label") = f.Str("lbl");
        var vt = f.Virtual("label:String");
        var v = ToVirtual(vt.Native, obj);
        f.AssertNoError();
        Assert.Equal(vt.Native, *(nint*)v);
        Assert.Equal(obj, Virtuals.ValueOf(v));
        Assert.Equal(obj + f.FieldOffset(f.Class("Derived"), "label"), Virtuals.Fields(v)[0]);

        // A field whose type differs (id is i32, not f64) has no pointer: access goes through the dynamic path.
        var fp = f.Virtual("x:f64", "y:i32");
        var other = ToVirtual(fp.Native, obj);
        Assert.Equal(0, Virtuals.Fields(other)[0]);
        Assert.Equal(0, Virtuals.Fields(other)[1]);

        var pt = f.Virtual("x:i32", "y:i32");
        Assert.Equal(0, ToVirtual(pt.Native, 0));
    }

    [Fact]
    public void Writes_through_a_view_are_visible_in_the_object()
    {
        using var f = new DynamicFixture();
        var obj = f.New("Other");
        var vt = f.Virtual("x:i32", "y:i32");
        // Other has `id`, not x/y: setting x through the view's dynamic path fails like hl.
        var v = ToVirtual(vt.Native, obj);
        FieldAccessTestsHelpers.SetI(v, f.Hash("x"), f.Builtin(TypeKind.I32).Native, 5);
        Assert.Equal("Other does not have field x", f.TakePendingError());

        var d = f.New("Derived");
        var lv = ToVirtual(f.Virtual("label:String").Native, d);
        var s = f.Str("new");
        *(nint*)Virtuals.Fields(lv)[0] = s;
        Assert.Equal(s, f.Field<nint>(d, "Derived", "label"));
    }

    [Fact]
    public void Interface_views_are_cached_in_the_object_and_bind_methods()
    {
        using var f = new DynamicFixture();
        var obj = f.New("Derived");
        var shape = f.Virtual("area:method:() -> f64");
        // Methods need code addresses from the JIT; a stand-in provides them (nothing is called).
        f.Runtime.Invoker = new AddressOnlyInvoker();
        var v = ToVirtual(shape.Native, obj);
        f.AssertNoError();
        var area = f.Module.FindFunctions("Derived.area").Single().FunctionIndex;
        Assert.Equal(AddressOnlyInvoker.AddressOf(area), Virtuals.Fields(v)[0]);
        Assert.Equal(v, ToVirtual(shape.Native, obj));
        // The cache is the unnamed field of Derived typed with the interface's virtual.
        var o = f.Class("Derived").Source!.Object!;
        var cacheIndex = Enumerable.Range(0, o.TotalFieldCount).Single(i => o.FieldAt(i)!.Name.Length == 0);
        Assert.Equal(v, *(nint*)(obj + f.Class("Derived").Object!.FieldOffsets[cacheIndex]));
    }

    [Fact]
    public void A_fresh_virtual_owns_its_storage_and_becomes_a_view_on_a_dynobj_in_hash_order()
    {
        using var f = new DynamicFixture();
        var vt = f.Virtual("x:i32", "y:i32", "z:i32");
        var v = AllocVirtual(vt.Native);
        for (var i = 0; i < 3; i++)
            *(int*)Virtuals.Fields(v)[i] = 10 + i;
        Assert.Equal(0, Virtuals.ValueOf(v));

        var o = Virtuals.MakeValue(f.State, v);
        Assert.Equal(TypeKind.DynObj, f.TypeOf(o).Kind);
        Assert.Equal(o, Virtuals.ValueOf(v));
        Assert.Equal(v, DynObjs.VirtualsOf(o));
        // The fields moved: the view's pointers now point into the dynamic object, which holds the values.
        for (var i = 0; i < 3; i++)
        {
            var name = "xyz"[i].ToString();
            var e = DynObjs.Find(o, f.Hash(name));
            Assert.Equal(DynObjs.FieldAddress(o, e), Virtuals.Fields(v)[i]);
            Assert.Equal(10 + i, *(int*)Virtuals.Fields(v)[i]);
        }
        // x, y, z hash to 120, 121, 122: hash order is declaration order here.
        Assert.Equal(["x", "y", "z"], DynamicFixture.Names(FieldAccess.ObjFields(f.State, o)));
    }

    [Fact]
    public void Views_on_a_dynobj_are_shared_and_follow_its_fields()
    {
        using var f = new DynamicFixture();
        var o = AllocDynObj();
        var i32 = f.Builtin(TypeKind.I32);
        FieldAccess.SetI(f.State, o, f.Hash("x"), i32, 1);
        FieldAccess.SetI(f.State, o, f.Hash("y"), i32, 2);
        var vt = f.Virtual("x:i32", "y:i32");
        var v = ToVirtual(vt.Native, o);
        Assert.Equal(v, ToVirtual(vt.Native, o));
        Assert.Equal(1, *(int*)Virtuals.Fields(v)[0]);
        Assert.Equal(2, *(int*)Virtuals.Fields(v)[1]);

        // Adding fields moves the raw storage: the view follows.
        FieldAccess.SetD(f.State, o, f.Hash("w"), 4.5);
        FieldAccess.SetI(f.State, o, f.Hash("q"), i32, 9);
        Assert.Equal(1, *(int*)Virtuals.Fields(v)[0]);
        Assert.Equal(2, *(int*)Virtuals.Fields(v)[1]);
        *(int*)Virtuals.Fields(v)[1] = 20;
        Assert.Equal(20, FieldAccess.GetI(f.State, o, f.Hash("y"), i32));

        // Deleting a field the view uses clears its pointer.
        Assert.True(FieldAccess.ObjDeleteField(f.State, o, f.Hash("x")));
        Assert.Equal(0, Virtuals.Fields(v)[0]);
        Assert.Equal(20, *(int*)Virtuals.Fields(v)[1]);
        f.AssertNoError();
    }

    [Fact]
    public void The_first_view_on_a_dynobj_converts_int_fields_it_sees_as_floats()
    {
        using var f = new DynamicFixture();
        var o = AllocDynObj();
        FieldAccess.SetI(f.State, o, f.Hash("x"), f.Builtin(TypeKind.I32), 3);
        FieldAccess.SetI(f.State, o, f.Hash("y"), f.Builtin(TypeKind.I32), 4);
        var v = ToVirtual(f.Virtual("x:f64", "y:i32").Native, o);
        f.AssertNoError();
        Assert.Equal(3.0, *(double*)Virtuals.Fields(v)[0]);
        Assert.Equal(4, *(int*)Virtuals.Fields(v)[1]);
        Assert.Equal(TypeKind.F64, f.State.FromNative(DynObjs.EntryType(DynObjs.Find(o, f.Hash("x")))).Kind);
    }

    [Fact]
    public void A_virtual_converts_to_a_narrower_virtual_as_is_and_to_another_through_a_dynobj()
    {
        using var f = new DynamicFixture();
        var big = f.Virtual("x:i32", "y:i32", "z:i32");
        var point = f.Virtual("x:i32", "y:i32");
        var v = AllocVirtual(big.Native);
        *(int*)Virtuals.Fields(v)[0] = 1;
        Assert.Equal(v, ToVirtual(point.Native, v));
        Assert.True(HlTypeOps.SafeCast(f.State, big, point));
        Assert.False(HlTypeOps.SafeCast(f.State, point, big));

        var p = AllocVirtual(point.Native);
        *(int*)Virtuals.Fields(p)[0] = 5;
        var asBig = ToVirtual(big.Native, p);
        Assert.NotEqual(p, asBig);
        Assert.Equal(Virtuals.ValueOf(p), Virtuals.ValueOf(asBig));
        Assert.Equal(5, *(int*)Virtuals.Fields(asBig)[0]);
        Assert.Equal(0, Virtuals.Fields(asBig)[2]); // z does not exist yet
        f.AssertNoError();
    }

    [Fact]
    public void To_virtual_on_other_values_is_an_invalid_cast()
    {
        using var f = new DynamicFixture();
        var box = f.BoxI32(1000);
        Assert.Equal(0, ToVirtual(f.Virtual("x:i32", "y:i32").Native, box));
        Assert.Equal("Can't cast i32 to virtual<x:i32,y:i32>", f.TakePendingError());
    }
}

/// <summary>An invoker that only knows code addresses (stand-ins); calling HL code is not possible without the JIT.</summary>
internal sealed class AddressOnlyInvoker : JitAbi.IHlInvoker, IHlCodeAddresses
{
    public static nint AddressOf(int functionIndex) => 0x1000 + 16 * functionIndex;

    public nint FunctionAddress(int functionIndex) => AddressOf(functionIndex);

    public nint FunWrapperEntry(Types.RuntimeType funType) => 0x7000;

    public bool Invoke(nint function, HlType signature, ReadOnlySpan<ulong> args, out ulong result) =>
        throw new InvalidOperationException("no JIT in this test");

    public bool InvokeClosure(nint closure, ReadOnlySpan<ulong> args, out ulong result) =>
        throw new InvalidOperationException("no JIT in this test");
}

internal static unsafe class FieldAccessTestsHelpers
{
    public static void SetI(nint obj, int hfield, nint type, int value) =>
        ((delegate* unmanaged<nint, int, nint, int, void>)DynamicFixture.Helper("rt_dyn_seti"))(obj, hfield, type, value);
}
