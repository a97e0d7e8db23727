using Vm.Frontend.Model;
using Vm.Runtime.Dynamic;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Dynamic;

public unsafe class ValueStringTests
{
    private static string ToStringHelper(nint v) =>
        HlStrings.ReadUtf16Z(((delegate* unmanaged<nint, nint>)DynamicFixture.Helper("rt_to_string"))(v));

    private static string ValueToString(DynamicFixture f, nint v)
    {
        var len = -1;
        var p = ((delegate* unmanaged<nint, int*, nint>)f.Native("value_to_string"))(v, &len);
        var text = HlStrings.ReadUtf16(p, len);
        Assert.Equal(HlStrings.ReadUtf16Z(p), text);
        return text;
    }

    [Fact]
    public void Scalars_print_as_hashlink_prints_them()
    {
        using var f = new DynamicFixture();
        Assert.Equal("null", ToStringHelper(0));
        Assert.Equal("true", ToStringHelper(f.State.True));
        Assert.Equal("-42", ToStringHelper(f.BoxI32(-42)));
        // hl_to_string prints floats with 17 digits; value_to_string (Std.string) uses ftos' 15.
        Assert.Equal("0.10000000000000001", ToStringHelper(f.BoxF64(0.1)));
        Assert.Equal("0.1", ValueToString(f, f.BoxF64(0.1)));
        Assert.Equal("NaN", ValueToString(f, f.BoxF64(double.NaN)));
        Assert.Equal("1e+20", ValueToString(f, f.BoxF64(1e20)));
        Assert.Equal("2.5", ToStringHelper(f.Box(f.Builtin(TypeKind.F32), 2.5f)));
        Assert.Equal("-9000000000", ToStringHelper(f.Box(f.Builtin(TypeKind.I64), -9000000000L)));
        Assert.Equal("200", ToStringHelper(f.Box(f.Builtin(TypeKind.UI8), 200)));
        Assert.Equal("false", ValueToString(f, f.State.False));
        Assert.Equal("null", ValueToString(f, 0));
        Assert.Equal("hello", ToStringHelper(f.Box(f.Builtin(TypeKind.Bytes), f.Runtime.Strings.AllocUtf16("hello"))));
        Assert.Equal("Derived", ToStringHelper(f.Box(f.Builtin(TypeKind.Type), f.Class("Derived").Native)));
        Assert.Equal("null<i32>", ToStringHelper(f.Box(f.Builtin(TypeKind.Type), f.NullOf(TypeKind.I32).Native)));
        f.AssertNoError();
    }

    [Fact]
    public void Objects_without_a_string_method_print_their_class_name()
    {
        using var f = new DynamicFixture();
        Assert.Equal("NoToString", ToStringHelper(f.New("NoToString")));
        Assert.Equal("Derived", ValueToString(f, f.New("Derived")));
        f.AssertNoError();
    }

    [Fact]
    public void Structures_print_their_fields()
    {
        using var f = new DynamicFixture();
        var s = f.State;
        // A self-contained virtual prints in hash order.
        var v = Virtuals.Allocate(s, f.Virtual("x:f64", "y:i32"));
        *(double*)Virtuals.Fields(v)[0] = 1.5;
        *(int*)Virtuals.Fields(v)[1] = -2;
        Assert.Equal("{x : 1.5, y : -2}", ToStringHelper(v));

        // A dynamic object prints in insertion order.
        var o = DynObjs.Allocate(s);
        FieldAccess.SetP(s, o, f.Hash("name"), f.Class("NoToString"), f.New("NoToString"));
        FieldAccess.SetD(s, o, f.Hash("w"), 0.25);
        FieldAccess.SetP(s, o, f.Hash("inner"), f.Builtin(TypeKind.Dyn), v);
        FieldAccess.SetP(s, o, f.Hash("nothing"), f.Builtin(TypeKind.Dyn), 0);
        Assert.Equal("{name : NoToString, w : 0.25, inner : {x : 1.5, y : -2}, nothing : null}", ToStringHelper(o));
        Assert.Equal("{}", ToStringHelper(DynObjs.Allocate(s)));

        // A view prints the object it views; a structure containing itself prints "...".
        Assert.Equal(ToStringHelper(o), ToStringHelper(Virtuals.ToVirtual(s, f.Virtual("x:i32", "y:i32"), o)));
        FieldAccess.SetP(s, o, f.Hash("me"), f.Builtin(TypeKind.Dyn), o);
        Assert.EndsWith(", me : ...}", ToStringHelper(o));
        f.AssertNoError();
    }

    [Fact]
    public void Enums_and_native_arrays_print_their_contents()
    {
        using var f = new DynamicFixture();
        var s = f.State;
        var tree = f.Enum("Tree");
        var leaf = Enums.Allocate(s, tree, 0);
        *(int*)(leaf + tree.Constructs![0].Offsets[0]) = 1;
        var empty = Enums.Allocate(s, tree, 2);
        var node = Enums.Allocate(s, tree, 1);
        *(nint*)(node + tree.Constructs[1].Offsets[0]) = leaf;
        *(nint*)(node + tree.Constructs[1].Offsets[1]) = empty;
        Assert.Equal("Node(Leaf(1),Empty)", ToStringHelper(node));
        var pair = Enums.Allocate(s, tree, 3);
        *(double*)(pair + tree.Constructs[3].Offsets[0]) = 0.5;
        Assert.Equal("Pair(0.5,null)", ValueToString(f, pair));

        var a = HlArrays.Allocate(f.Runtime, f.Builtin(TypeKind.I32), 3);
        ((int*)HlArrays.Data(a))[1] = 5;
        Assert.Equal("[0, 5, 0]", ToStringHelper(a));
        var d = HlArrays.Allocate(f.Runtime, f.Builtin(TypeKind.Dyn), 2);
        ((nint*)HlArrays.Data(d))[0] = d;
        Assert.Equal("[..., null]", ToStringHelper(d));
        f.AssertNoError();
    }

    [Fact]
    public void Functions_and_abstracts_print_their_address()
    {
        using var f = new DynamicFixture();
        var fun = f.ModuleType(t => t.Kind == TypeKind.Fun && t.Function!.Args.Count == 1 && t.Function.Args[0].Kind == TypeKind.I32
            && t.Function.Return.Kind == TypeKind.I32);
        var c = Closures.AllocVoid(f.State, fun, 0x10);
        Assert.Equal("function#" + ((long)c).ToString("X"), ToStringHelper(c));
        var abs = f.ModuleType(t => t.Kind == TypeKind.Abstract);
        var box = f.Box(abs, (nint)0xABC);
        Assert.Equal("~" + abs.Source!.AbstractName + ":ABC", ToStringHelper(box));
    }

    [Fact]
    public void Guids_print_in_hashlinks_alphabet()
    {
        Assert.Equal("0", ValueStrings.GuidString(0));
        Assert.Equal("####-####-##&", ValueStrings.GuidString(1));
    }
}
