using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.TestSupport;

namespace Vm.Frontend.Tests;

public class TypeReadingTests
{
    [Fact]
    public void Every_type_kind_is_read_with_its_details()
    {
        var b = new ModuleBuilder();
        var simple = new Dictionary<TypeKind, int>();
        foreach (var k in new[] { TypeKind.Void, TypeKind.UI8, TypeKind.UI16, TypeKind.I32, TypeKind.I64, TypeKind.F32, TypeKind.F64,
                     TypeKind.Bool, TypeKind.Bytes, TypeKind.Dyn, TypeKind.Array, TypeKind.Type, TypeKind.DynObj, TypeKind.Guid })
            simple[k] = b.Type(k);
        var i32 = simple[TypeKind.I32];
        var dyn = simple[TypeKind.Dyn];
        var fun = b.Fun([i32, dyn], simple[TypeKind.Void]);
        var method = b.Fun([dyn], i32, TypeKind.Method);
        var g = b.Global(dyn);
        var entry = b.ReserveFunctionIndex();
        var baseObj = b.Obj("Base", global: g, fields: [("a", i32)], protos: [("m", entry, 0)]);
        var derived = b.Obj("Derived", super: baseObj, fields: [("f", fun)], bindings: [(1, entry)]);
        var strct = b.Obj("Pair", fields: [("x", i32), ("y", i32)], kind: TypeKind.Struct);
        var virt = b.Virtual([("name", dyn), ("count", i32)]);
        var abs = b.Abstract("hl_fdesc");
        var en = b.Enum("Color", g, ("Red", []), ("Rgb", [i32, i32, i32]));
        var rf = b.Wrap(TypeKind.Ref, i32);
        var nl = b.Wrap(TypeKind.Null, i32);
        var packed = b.Wrap(TypeKind.Packed, strct);
        b.Function(b.Fun([], simple[TypeKind.Void]), [simple[TypeKind.Void]], [ModuleBuilder.Op(Opcode.Ret, 0)], functionIndex: entry);

        var m = BytecodeReader.Read(b.Build());
        var seenKinds = m.Types.Select(t => t.Kind).Distinct().ToHashSet();
        Assert.Equal(TypeKinds.Count, seenKinds.Count);

        foreach (var (kind, index) in simple)
            Assert.Equal(kind, m.Types[index].Kind);
        Assert.Equal("(i32, dynamic) -> void", m.Types[fun].ToString());
        Assert.Equal("method:(dynamic) -> i32", m.Types[method].ToString());

        var bo = m.Types[baseObj].Object!;
        Assert.Equal("Base", bo.Name);
        Assert.Null(bo.Super);
        Assert.Equal(g, bo.GlobalIndex);
        Assert.Equal(new HlProto("m", entry, 0), bo.Protos[0]);
        var d = m.Types[derived].Object!;
        Assert.Same(m.Types[baseObj], d.Super);
        Assert.Equal(-1, d.GlobalIndex);
        Assert.Equal(2, d.TotalFieldCount);
        Assert.Equal("a", d.FieldAt(0)!.Name);
        Assert.Equal("f", d.FieldAt(1)!.Name);
        Assert.Same(m.Types[fun], d.FieldAt(1)!.Type);
        Assert.Null(d.FieldAt(2));
        Assert.Equal("m", d.ProtoForSlot(0)!.Name);
        Assert.Equal(new HlBinding(1, entry), d.Bindings[0]);

        Assert.Equal(TypeKind.Struct, m.Types[strct].Kind);
        Assert.Equal("struct Pair", m.Types[strct].ToString());
        Assert.Equal(["name", "count"], m.Types[virt].VirtualFields!.Select(f => f.Name));
        Assert.Equal("hl_fdesc", m.Types[abs].AbstractName);
        var e = m.Types[en].Enum!;
        Assert.Equal("Color", e.Name);
        Assert.Equal(g, e.GlobalIndex);
        Assert.Equal(["Red", "Rgb"], e.Constructs.Select(c => c.Name));
        Assert.Equal(3, e.Constructs[1].Params.Count);
        Assert.Same(m.Types[i32], m.Types[rf].Param);
        Assert.Equal("null<i32>", m.Types[nl].ToString());
        Assert.Same(m.Types[strct], m.Types[packed].Param);
    }

    [Fact]
    public void Recursive_types_resolve_to_the_same_objects_and_print_finitely()
    {
        var b = new ModuleBuilder();
        var v = b.Type(TypeKind.Void);
        // A function type taking itself: type 1 refers to type 1.
        var selfFun = b.Fun([1], v);
        var node = b.Obj("Node", fields: [("next", 2)]);
        var nullOfNull = b.Wrap(TypeKind.Null, 3);
        b.Function(b.Fun([], v), [v], [ModuleBuilder.Op(Opcode.Ret, 0)]);
        var m = BytecodeReader.Read(b.Build());
        Assert.Same(m.Types[selfFun], m.Types[selfFun].Function!.Args[0]);
        Assert.Same(m.Types[node], m.Types[node].Object!.Fields[0].Type);
        Assert.Contains("#1", m.Types[selfFun].ToString());
        Assert.Contains("#3", m.Types[nullOfNull].ToString());
    }

    [Fact]
    public void Pointer_kinds_are_the_reference_types()
    {
        Assert.False(TypeKind.I32.IsPointer());
        Assert.False(TypeKind.F64.IsPointer());
        Assert.False(TypeKind.Void.IsPointer());
        Assert.True(TypeKind.Obj.IsPointer());
        Assert.True(TypeKind.Null.IsPointer());
        Assert.True(TypeKind.Bytes.IsPointer());
    }
}
