using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.Runtime.Dynamic;
using Vm.Runtime.Memory;
using Vm.Runtime.Natives.Threads;
using Vm.Runtime.Values;
using Vm.TestSupport;
using static Vm.Runtime.Memory.ReferenceSlot;

namespace Vm.Runtime.Tests.HeapBlocks;

/// <summary>
/// Each block shape, allocated through the paths the runtime and JIT helpers use, is tagged with its layout
/// and the scanner reports exactly its reference slots (offsets and whether they may be interior or code).
/// </summary>
public unsafe class BlockScannerTests
{
    private static void AssertHeader(nint block, BlockLayout layout, int typeId = 0)
    {
        Assert.Equal(layout, Heap.LayoutOf(block));
        Assert.Equal(typeId, Heap.TypeIdOf(block));
        Assert.Equal(0UL, BlockHeader.Flags(BlockHeader.Of(block)));
    }

    private static void AssertClean(BlockLayoutFixture f)
    {
        var report = HeapVerifier.Verify(f.Runtime, hiddenReferences: true);
        Assert.True(report.Count == 0, string.Join("\n", report));
    }

    [Fact]
    public void Class_instances_report_their_reference_fields_with_inherited_ones_first()
    {
        using var f = new BlockLayoutFixture();
        var shape = f.Class("Shape");
        var circle = f.Class("Circle");
        int Off(string name) => f.FieldOffset(circle, name);

        var c = f.Runtime.NewObject(circle);
        AssertHeader(c, BlockLayout.Instance, circle.Id);
        Assert.Equal(circle.Object!.Size, Heap.SizeOf(c));
        Assert.Equal(circle.Native, *(nint*)c);
        // Scalars (id, area, small, radius) are not references; hl.Bytes and struct references may be interior.
        Assert.Equal(
            [(Off("label"), Exact), (Off("data"), Interior), (Off("pair"), Interior), (Off("tags"), Exact),
                (Off("fn"), Exact), (Off("dyn"), Exact), (Off("center"), Exact)],
            f.Slots(c));

        var s = Objects.Allocate(f.State, shape);
        AssertHeader(s, BlockLayout.Instance, shape.Id);
        Assert.Equal(f.Slots(c).Take(6), f.Slots(s));

        // Fill the fields with what HL code stores there, interior pointers included.
        var text = f.Runtime.Strings.NewString("label");
        *(nint*)(c + Off("label")) = text;
        *(nint*)(c + Off("data")) = f.Runtime.Strings.AllocUtf16("data") + 2;
        *(nint*)(c + Off("pair")) = Objects.Allocate(f.State, f.Struct("Pair"));
        *(nint*)(c + Off("center")) = s;
        *(nint*)(c + Off("dyn")) = f.State.BoxI32(1000);
        AssertClean(f);
    }

    [Fact]
    public void Structs_have_no_type_word_and_are_described_by_the_header_type_id()
    {
        using var f = new BlockLayoutFixture();
        var pair = f.Struct("Pair");
        foreach (var p in new[] { Objects.Allocate(f.State, pair), f.Runtime.NewObject(pair) })
        {
            AssertHeader(p, BlockLayout.Instance, pair.Id);
            Assert.Equal(32, Heap.SizeOf(p));
            Assert.Equal(0, *(nint*)p); // weight: no type word overwrote it
            Assert.Equal([(f.FieldOffset(pair, "name"), Exact), (f.FieldOffset(pair, "next"), Interior)], f.Slots(p));
            Assert.Equal(8, f.FieldOffset(pair, "name"));
        }
        AssertClean(f);
    }

    [Fact]
    public void Packed_struct_fields_contribute_their_references_at_their_place_in_the_instance()
    {
        var b = new ModuleBuilder();
        var v = b.Type(TypeKind.Void);
        var i32 = b.Type(TypeKind.I32);
        var f64 = b.Type(TypeKind.F64);
        var bytes = b.Type(TypeKind.Bytes);
        var dyn = b.Type(TypeKind.Dyn);
        var inner = b.Obj("Inner", fields: [("w", f64), ("name", bytes), ("d", dyn)], kind: TypeKind.Struct);
        var packed = b.Wrap(TypeKind.Packed, inner);
        var outer = b.Obj("Outer", fields: [("id", i32), ("p", packed), ("tail", dyn)]);
        b.Function(b.Fun([], v), [v], [ModuleBuilder.Op(Opcode.Ret, 0)]);
        using var rt = new VmRuntime(BytecodeReader.Read(b.Build()));

        var type = rt.Types.ByIndex(outer);
        Assert.Equal([8, 16, 40], type.Object!.FieldOffsets);
        var o = rt.NewObject(type);
        AssertHeader(o, BlockLayout.Instance, type.Id);
        var slots = BlockScanner.References(o, rt).Select(r => ((int)(r.Slot - o), r.Kind));
        Assert.Equal([(16 + 8, Interior), (16 + 16, Exact), (40, Exact)], slots);
    }

    [Fact]
    public void Enum_values_report_the_reference_parameters_of_their_constructor()
    {
        using var f = new BlockLayoutFixture();
        var tree = f.Enum("Tree");
        var newEnum = (delegate* unmanaged<nint, int, nint>)BlockLayoutFixture.CoreHelper("rt_new_enum");
        var cs = tree.Constructs!;
        List<(int, ReferenceSlot)>[] expected =
        [
            [],                                                    // Leaf(v:Int)
            [(cs[1].Offsets[0], Exact), (cs[1].Offsets[1], Exact)], // Node(l, r)
            [(cs[2].Offsets[0], Exact), (cs[2].Offsets[2], Exact)], // Named(name, weight, child)
            [],                                                    // Empty
            [(cs[4].Offsets[1], Exact), (cs[4].Offsets[4], Exact)], // Mixed(ui8, String, Int, Float, Dynamic)
        ];
        for (var i = 0; i < cs.Count; i++)
        {
            foreach (var e in new[] { Enums.Allocate(f.State, tree, i), newEnum(tree.Native, i) })
            {
                AssertHeader(e, BlockLayout.Enum, tree.Id);
                Assert.Equal(cs[i].Size, Heap.SizeOf(e));
                Assert.Equal(i, *(int*)(e + ValueLayout.EnumIndex));
                Assert.Equal(expected[i], f.Slots(e));
            }
        }
        AssertClean(f);
    }

    [Fact]
    public void Virtuals_with_their_own_storage_report_header_links_field_slots_and_stored_references()
    {
        using var f = new BlockLayoutFixture();
        var point = f.Virtual("f", "name", "next", "x");
        var v = Virtuals.Allocate(f.State, point);
        AssertHeader(v, BlockLayout.Virtual, point.Id);
        Assert.Equal(point.Virtual!.Size, Heap.SizeOf(v));
        var data = point.Virtual.DataOffsets;
        Assert.Equal(
            [(8, Exact), (16, Exact), (24, Interior), (32, Interior), (40, Interior), (48, Interior), (data[1], Exact), (data[2], Exact)],
            f.Slots(v).OrderBy(s => s.Offset));
        // The field slots point into the virtual itself.
        for (var i = 0; i < 4; i++)
            Assert.Equal(v + data[i], Virtuals.Fields(v)[i]);
        *(nint*)(v + data[1]) = f.Runtime.Strings.NewString("p");
        AssertClean(f);

        // Made a view on a dynamic object: the storage is cleared, the slots point into the object's blocks.
        var o = Virtuals.MakeValue(f.State, v);
        AssertHeader(o, BlockLayout.DynObj);
        Assert.Equal(o, Virtuals.ValueOf(v));
        AssertClean(f);
    }

    [Fact]
    public void Views_on_class_instances_have_only_field_slots_and_method_slots_may_hold_code()
    {
        using var f = new BlockLayoutFixture();
        var scalable = f.Virtual("label", "scale");
        var c = f.Runtime.NewObject(f.Class("Circle"));
        var v = Virtuals.ToVirtual(f.State, scalable, c);
        AssertHeader(v, BlockLayout.Virtual, scalable.Id);
        Assert.Equal(ValueLayout.VirtualFields + 16, Heap.SizeOf(v));
        Assert.Equal([(8, Exact), (16, Exact), (24, Interior), (32, Interior | Code)], f.Slots(v));
        Assert.Equal(c + f.FieldOffset(f.Class("Circle"), "label"), Virtuals.Fields(v)[0]);
        var method = Virtuals.Fields(v)[1];
        Assert.NotEqual(0, method);
        Assert.False(f.Runtime.Heap.Contains(method)); // a code address: the collector leaves it alone
        AssertClean(f);
    }

    [Fact]
    public void Dynamics_report_their_value_only_for_reference_kinds()
    {
        using var f = new BlockLayoutFixture();
        var i = f.Runtime.AllocateDynamic(f.Builtin(TypeKind.I64));
        var d = f.Runtime.AllocateDynamic(f.Builtin(TypeKind.F64));
        var bytes = f.Runtime.AllocateDynamic(f.Builtin(TypeKind.Bytes));
        var obj = f.Runtime.AllocateDynamic(f.Class("Shape"));
        foreach (var box in new[] { i, d, bytes, obj })
        {
            AssertHeader(box, BlockLayout.Dynamic);
            Assert.Equal(ValueLayout.DynamicSize, Heap.SizeOf(box));
        }
        Assert.Empty(f.Slots(i));
        Assert.Empty(f.Slots(d));
        Assert.Equal([(8, Interior)], f.Slots(bytes));
        Assert.Equal([(8, Exact)], f.Slots(obj));
        *(long*)(i + 8) = f.Runtime.Heap.Allocate(8, BlockLayout.NoPointers) + 1; // a scalar, never followed
        *(nint*)(bytes + 8) = f.Runtime.Strings.AllocUtf16("abc") + 2;
        *(nint*)(obj + 8) = f.Runtime.NewObject(f.Class("Shape"));
        AssertClean(f);
    }

    [Fact]
    public void Arrays_report_their_elements_only_for_reference_element_types()
    {
        using var f = new BlockLayoutFixture();
        var dyn = HlArrays.Allocate(f.Runtime, f.Builtin(TypeKind.Dyn), 3);
        var bytes = HlArrays.Allocate(f.Runtime, f.Builtin(TypeKind.Bytes), 2);
        var ints = HlArrays.Allocate(f.Runtime, f.Builtin(TypeKind.I32), 5);
        var flags = HlArrays.Allocate(f.Runtime, f.Builtin(TypeKind.UI8), 9);
        var empty = HlArrays.Allocate(f.Runtime, f.Class("Shape"), 0);
        foreach (var a in new[] { dyn, bytes, ints, flags, empty })
            AssertHeader(a, BlockLayout.Array);
        Assert.Equal([(24, Exact), (32, Exact), (40, Exact)], f.Slots(dyn));
        Assert.Equal([(24, Interior), (32, Interior)], f.Slots(bytes));
        Assert.Empty(f.Slots(ints));
        Assert.Empty(f.Slots(flags));
        Assert.Empty(f.Slots(empty));
        ((nint*)HlArrays.Data(dyn))[1] = f.State.BoxI32(100_000);
        ((nint*)HlArrays.Data(bytes))[0] = f.Runtime.Strings.AllocUtf16("xy") + 2;
        AssertClean(f);
    }

    [Fact]
    public void Closures_report_their_bound_value_and_wrappers_the_wrapped_closure()
    {
        using var f = new BlockLayoutFixture();
        var s = f.State;
        var intToInt = f.Fun(TypeKind.I32, TypeKind.I32);
        var dynToDyn = f.Fun(TypeKind.Dyn, TypeKind.Dyn);
        var method = f.Fun(TypeKind.F64, TypeKind.Obj, TypeKind.F64);
        var c = f.Runtime.NewObject(f.Class("Circle"));

        var plain = Closures.AllocVoid(s, intToInt, 0x1230);
        var bound = Closures.AllocPtr(s, method, 0x1240, c);
        var varArgs = Closures.MakeVarArgs(s, plain);
        var wrapper = Closures.MakeFunWrapper(s, plain, dynToDyn);
        var jitBound = f.Runtime.Functions.NewClosure(intToInt, 0x1250, c, hasValue: true);
        var jitPlain = f.Runtime.Functions.NewClosure(intToInt, 0x1250, 0, hasValue: false);
        foreach (var k in new[] { plain, bound, varArgs, wrapper, jitBound, jitPlain })
            AssertHeader(k, BlockLayout.Closure);
        Assert.Equal(Closures.WrapperSize, Heap.SizeOf(wrapper));

        Assert.Empty(f.Slots(plain));
        Assert.Empty(f.Slots(jitPlain));
        Assert.Equal([(24, Interior)], f.Slots(bound));
        Assert.Equal([(24, Interior)], f.Slots(varArgs));
        Assert.Equal([(24, Interior)], f.Slots(jitBound));
        Assert.Equal([(24, Exact), (32, Exact)], f.Slots(wrapper));
        Assert.Equal(wrapper, *(nint*)(wrapper + 24));
        Assert.Equal(plain, *(nint*)(wrapper + 32));
        AssertClean(f);
    }

    [Fact]
    public void Dynamic_objects_report_their_storage_blocks_which_have_layouts_of_their_own()
    {
        using var f = new BlockLayoutFixture();
        var s = f.State;
        var o = DynObjs.Allocate(s);
        AssertHeader(o, BlockLayout.DynObj);
        Assert.Equal([(8, Exact), (16, Exact), (24, Exact), (48, Exact)], f.Slots(o));

        var i32 = f.Builtin(TypeKind.I32);
        var dyn = f.Builtin(TypeKind.Dyn);
        *(int*)DynObjs.FieldAddress(o, DynObjs.AddField(s, o, f.Hash("a"), i32)) = 7;
        *(nint*)DynObjs.FieldAddress(o, DynObjs.AddField(s, o, f.Hash("b"), dyn)) = f.Runtime.Strings.NewString("two");
        *(nint*)DynObjs.FieldAddress(o, DynObjs.AddField(s, o, f.Hash("c"), dyn)) = f.State.BoxI32(5000);
        AssertHeader(DynObjs.LookupOf(o), BlockLayout.NoPointers);
        AssertHeader(DynObjs.RawDataOf(o), BlockLayout.NoPointers);
        AssertHeader(DynObjs.ValuesOf(o), BlockLayout.AllPointers);
        Assert.Equal([(0, Interior), (8, Interior)], f.Slots(DynObjs.ValuesOf(o)));

        // A virtual viewing it: its field slots point into the object's raw data and values blocks.
        var v = Virtuals.ToVirtual(s, f.Virtual("f", "name", "next", "x"), o);
        Assert.Equal(v, DynObjs.VirtualsOf(o));
        var copy = FieldAccess.ObjCopy(s, o);
        AssertHeader(copy, BlockLayout.DynObj);
        DynObjs.DeleteField(s, o, DynObjs.Find(o, f.Hash("b")));
        AssertClean(f);
    }

    [Fact]
    public void Natives_blocks_are_all_pointers_or_no_pointers()
    {
        using var f = new BlockLayoutFixture();
        var hialloc = (delegate* unmanaged<nint>)f.Native("hialloc");
        var hiset = (delegate* unmanaged<nint, int, nint, void>)f.Native("hiset");
        var map = hialloc();
        for (var k = 0; k < 10; k++)
            hiset(map, k, f.State.BoxI32(1000 + k));
        AssertHeader(map, BlockLayout.AllPointers);
        Assert.Equal([(0, Interior), (8, Interior)], f.Slots(map));
        AssertHeader(*(nint*)map, BlockLayout.NoPointers);
        AssertHeader(*(nint*)(map + 8), BlockLayout.AllPointers);

        var deque = ((delegate* unmanaged<nint>)f.Native("deque_alloc"))();
        DequeNatives.Insert(deque, f.Runtime.Strings.NewString("message"), atFront: false);
        AssertHeader(deque, BlockLayout.AllPointers);
        AssertHeader(*(nint*)(deque + 8), BlockLayout.NoPointers);

        var text = f.Runtime.Strings.NewString("text");
        AssertHeader(text, BlockLayout.Instance, f.Runtime.Strings.StringType.Id);
        var chars = *(nint*)(text + f.FieldOffset(f.Runtime.Strings.StringType, "bytes"));
        AssertHeader(chars, BlockLayout.NoPointers);
        Assert.Empty(f.Slots(chars));
        AssertClean(f);
    }
}
