using System.Runtime.CompilerServices;
using Vm.Frontend.Model;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.Memory;

/// <summary>Receives the reference slots of a block (slot addresses, not their contents).</summary>
public interface IReferenceVisitor
{
    void Visit(nint slot, ReferenceSlot kind);
}

/// <summary>Receives the reference slots of a block (slot addresses, not their contents).</summary>
public delegate void ReferenceVisitor(nint slot, ReferenceSlot kind);

/// <summary>
/// Finds the reference slots of any heap block from its header (see <see cref="BlockLayout"/> for what
/// each tag means). A slot is reported whatever it holds at the moment (null included); a slot marked
/// <see cref="ReferenceSlot.Interior"/> may point inside a block, one marked <see cref="ReferenceSlot.Code"/>
/// may hold a code address. Values outside the heap (permanent memory, code) are never to be moved or
/// followed: the collector tells them apart with <see cref="Heap.Contains"/>. Type words (@0 of typed
/// values, the element type of arrays) point to permanent type descriptors and are not reported.
/// </summary>
public static unsafe class BlockScanner
{
    /// <summary>Calls <paramref name="visitor"/> with each reference slot of <paramref name="block"/>.</summary>
    public static void ForEachReference(nint block, VmRuntime runtime, ReferenceVisitor visitor)
    {
        var adapter = new DelegateVisitor(visitor);
        ForEachReference(block, runtime, ref adapter);
    }

    /// <summary>Calls <paramref name="visitor"/> with each reference slot of <paramref name="block"/> (no delegate calls).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForEachReference<TVisitor>(nint block, VmRuntime runtime, ref TVisitor visitor)
        where TVisitor : struct, IReferenceVisitor
    {
        var header = BlockHeader.Of(block);
        var size = BlockHeader.PayloadSize(header);
        switch (BlockHeader.Layout(header))
        {
            case BlockLayout.NoPointers:
            case BlockLayout.Free:
                return;
            case BlockLayout.AllPointers:
                for (long offset = 0; offset + 8 <= size; offset += 8)
                    visitor.Visit(block + (nint)offset, ReferenceSlot.Interior);
                return;
            case BlockLayout.Instance:
                Visit(block, size, MapOf(runtime, header).Fields, ref visitor);
                return;
            case BlockLayout.Enum:
            {
                var constructs = MapOf(runtime, header).Constructs;
                var index = *(int*)(block + ValueLayout.EnumIndex);
                if ((uint)index < (uint)constructs.Length)
                    Visit(block, size, constructs[index], ref visitor);
                return;
            }
            case BlockLayout.Virtual:
            {
                var map = MapOf(runtime, header);
                visitor.Visit(block + ValueLayout.VirtualValue, ReferenceSlot.Exact);
                visitor.Visit(block + ValueLayout.VirtualNext, ReferenceSlot.Exact);
                Visit(block, size, map.VirtualSlots, ref visitor);
                if (size >= map.OwnStorageSize)
                    Visit(block, size, map.Fields, ref visitor);
                return;
            }
            case BlockLayout.Dynamic:
            {
                var kind = KindOf(*(nint*)block);
                if (ReferenceMap.IsReference(kind) && size >= ValueLayout.DynamicSize)
                    visitor.Visit(block + ValueLayout.DynamicValue, ReferenceMap.SlotFor(kind));
                return;
            }
            case BlockLayout.Array:
            {
                var kind = KindOf(*(nint*)(block + ValueLayout.ArrayElementType));
                if (!ReferenceMap.IsReference(kind))
                    return;
                var count = Math.Min((long)*(int*)(block + ValueLayout.ArraySize), (size - ValueLayout.ArrayData) / 8);
                var slot = ReferenceMap.SlotFor(kind);
                for (long i = 0; i < count; i++)
                    visitor.Visit(block + ValueLayout.ArrayData + (nint)(8 * i), slot);
                return;
            }
            case BlockLayout.Closure:
            {
                var hasValue = *(int*)(block + ValueLayout.ClosureHasValue);
                if (hasValue == 0)
                    return;
                // A bound value is the function's first argument, of any reference kind (an hl.Bytes too).
                visitor.Visit(block + ValueLayout.ClosureValue, hasValue == 2 ? ReferenceSlot.Exact : ReferenceSlot.Interior);
                if (hasValue == 2 && size >= Dynamic.Closures.WrapperSize)
                    visitor.Visit(block + Dynamic.Closures.WrappedFun, ReferenceSlot.Exact);
                return;
            }
            case BlockLayout.DynObj:
                foreach (var offset in Dynamic.DynObjLayout.PointerOffsets)
                    visitor.Visit(block + offset, ReferenceSlot.Exact);
                return;
            default:
                throw new InvalidOperationException($"block 0x{block:x} has no valid layout ({BlockHeader.Describe(header)})");
        }
    }

    /// <summary>
    /// Calls <paramref name="visitor"/> with the reference slots of <paramref name="block"/> whose address is in
    /// [<paramref name="from"/>, <paramref name="to"/>): a dirty card of a large array costs the card, not the array.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForEachReferenceIn<TVisitor>(nint block, VmRuntime runtime, nint from, nint to, ref TVisitor visitor)
        where TVisitor : struct, IReferenceVisitor
    {
        var header = BlockHeader.Of(block);
        var size = BlockHeader.PayloadSize(header);
        switch (BlockHeader.Layout(header))
        {
            case BlockLayout.AllPointers:
            {
                var first = Math.Max(0, (from - block + 7) & ~7L);
                var end = Math.Min(size & ~7L, to - block);
                for (var offset = first; offset + 8 <= end; offset += 8)
                    visitor.Visit(block + (nint)offset, ReferenceSlot.Interior);
                return;
            }
            case BlockLayout.Array:
            {
                var kind = KindOf(*(nint*)(block + ValueLayout.ArrayElementType));
                if (!ReferenceMap.IsReference(kind))
                    return;
                var data = block + ValueLayout.ArrayData;
                var count = Math.Min((long)*(int*)(block + ValueLayout.ArraySize), (size - ValueLayout.ArrayData) / 8);
                var first = Math.Max(0, (from - data + 7) >> 3);
                var last = Math.Min(count, (to - data + 7) >> 3);
                var slot = ReferenceMap.SlotFor(kind);
                for (var i = first; i < last; i++)
                    visitor.Visit(data + (nint)(8 * i), slot);
                return;
            }
            default:
            {
                var filter = new RangeFilter<TVisitor>(from, to, visitor);
                ForEachReference(block, runtime, ref filter);
                visitor = filter.Inner;
                return;
            }
        }
    }

    private struct RangeFilter<TVisitor>(nint from, nint to, TVisitor inner) : IReferenceVisitor
        where TVisitor : struct, IReferenceVisitor
    {
        public TVisitor Inner = inner;

        public void Visit(nint slot, ReferenceSlot kind)
        {
            if (slot >= from && slot < to)
                Inner.Visit(slot, kind);
        }
    }

    /// <summary>The reference slots of a block as a list (tests, diagnostics).</summary>
    public static List<(nint Slot, ReferenceSlot Kind)> References(nint block, VmRuntime runtime)
    {
        var list = new List<(nint, ReferenceSlot)>();
        ForEachReference(block, runtime, (slot, kind) => list.Add((slot, kind)));
        return list;
    }

    /// <summary>The RuntimeType named by a typed block's header.</summary>
    public static RuntimeType TypeOf(ulong header, VmRuntime runtime)
    {
        var id = BlockHeader.TypeId(header);
        var all = runtime.Types.All;
        if ((uint)id >= (uint)all.Count)
            throw new InvalidOperationException($"block header names type #{id}, beyond the {all.Count} types");
        return all[id];
    }

    // Called for every typed block a collection scans: optimized from the first collection on.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReferenceMap MapOf(VmRuntime runtime, ulong header)
    {
        var id = BlockHeader.TypeId(header);
        var maps = runtime.Types.ReferenceMaps;
        return (uint)id < (uint)maps.Length && maps[id] is { } map ? map : maps[id] = ReferenceMap.Of(TypeOf(header, runtime), runtime.Types);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Visit<TVisitor>(nint block, long size, ReferenceSlotInfo[] slots, ref TVisitor visitor)
        where TVisitor : struct, IReferenceVisitor
    {
        foreach (var s in slots)
            if (s.Offset + 8 <= size)
                visitor.Visit(block + s.Offset, s.Kind);
    }

    private static TypeKind KindOf(nint descriptor) =>
        descriptor == 0 ? TypeKind.Void : (TypeKind)((NativeTypeDescriptor*)descriptor)->Kind;

    private readonly struct DelegateVisitor(ReferenceVisitor visitor) : IReferenceVisitor
    {
        public void Visit(nint slot, ReferenceSlot kind) => visitor(slot, kind);
    }
}
