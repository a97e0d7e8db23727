using System.Runtime.CompilerServices;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Gc;

/// <summary>
/// The mark phase over a runtime's old generation: marks every block reachable from the references it is
/// given, with an explicit work list (object graphs can be deep) and the reference maps of
/// <see cref="BlockScanner"/>. A reference may point inside its block or one past its end (hl.Bytes
/// offsets): the block is looked up from the address minus one, which is always inside the cell of the
/// block the reference belongs to. Young addresses are ignored: a full collection empties the young
/// generation first, and incremental marking scans the survivors at its remark.
/// For incremental marking (<see cref="IncrementalMarking"/>) the work can be drained in slices, and blocks
/// the old generation hands out meanwhile are marked at once (<see cref="MarkAllocated"/>).
/// </summary>
internal sealed unsafe class HeapMarker(VmRuntime runtime)
{
    private readonly OldSpace _old = runtime.Heap.Old;
    private const int ChunkBytes = 32 * 1024;

    private readonly Stack<nint> _work = new();
    private readonly Stack<(nint Block, nint From)> _partial = new();

    public long MarkedBlocks { get; private set; }
    public long MarkedBytes { get; private set; }

    /// <summary>Bytes of blocks scanned so far.</summary>
    public long ScannedBytes { get; private set; }

    // What slices are budgeted in: bytes scanned, plus a cache line for each block found unmarked (a slot
    // costs little when its block was reached, a miss when it was not: a large array of distinct objects).
    private const int CostOfMarking = 64;
    private long _marksFound;

    /// <summary>Work done so far, in bytes scanned plus <see cref="CostOfMarking"/> per block marked from a reference.</summary>
    public long Work => ScannedBytes + _marksFound * CostOfMarking;

    public bool HasWork => _work.Count > 0 || _partial.Count > 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MarkFrom(nint reference)
    {
        if (reference == 0)
            return;
        var block = Mark(reference - 1);
        if (block == 0)
            return;
        _marksFound++;
        _work.Push(block);
    }

    /// <summary>
    /// A cell the old generation just handed out while marking is under way: marked (the sweep must keep it)
    /// but not queued. A block allocated old is zeroed, so whatever it will hold is stored through the write
    /// barrier; a promoted block is scanned by the minor collection that promotes it, which hands the old
    /// blocks it points to to <see cref="MarkFrom"/>.
    /// </summary>
    public void MarkAllocated(nint cell) => Mark(cell);

    // Marks the allocated block of this old generation containing `address`; returns its payload address when
    // it was not marked yet, else 0 (marked already, free cell, another runtime's page, not old).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private nint Mark(nint address)
    {
        switch (OldRegion.PageAt(address))
        {
            case OldSpacePage page when page.Space == _old:
            {
                var cell = page.TryMarkContaining(address);
                if (cell == 0)
                    return 0;
                MarkedBlocks++;
                MarkedBytes += page.CellSize;
                return cell + BlockHeader.Size;
            }
            case LargeObject large when large.Space == _old && !large.Marked && address < large.Start + (nint)large.Size:
                large.Marked = true;
                MarkedBlocks++;
                MarkedBytes += large.Size;
                return large.Start + BlockHeader.Size;
            default:
                return 0;
        }
    }

    /// <summary>Marks until no work is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Drain() => Drain(long.MaxValue);

    /// <summary>Marks until no work is left or about <paramref name="budgetBytes"/> of <see cref="Work"/> were done; true when no work is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Drain(long budgetBytes)
    {
        var visitor = new Visitor(this);
        var limit = Work > long.MaxValue - budgetBytes ? long.MaxValue : Work + budgetBytes;
        while (Work < limit)
        {
            if (_partial.TryPop(out var part))
            {
                ScanChunk(part.Block, part.From, ref visitor);
                continue;
            }
            if (!_work.TryPop(out var block))
                return true;
            var size = BlockHeader.SizeOf(block);
            if (size > ChunkBytes && BlockHeader.LayoutOf(block) is BlockLayout.AllPointers or BlockLayout.Array)
            {
                ScanChunk(block, block, ref visitor);
                continue;
            }
            ScannedBytes += size;
            BlockScanner.ForEachReference(block, runtime, ref visitor);
        }
        return !HasWork;
    }

    // Large arrays are scanned a chunk at a time, so that one does not make a slice as long as the array
    // (a world of 400 000 entities). Stores into the part scanned already dirty cards of a marked block.
    private void ScanChunk(nint block, nint from, ref Visitor visitor)
    {
        var end = block + (nint)BlockHeader.SizeOf(block);
        var to = end - from > ChunkBytes ? from + ChunkBytes : end;
        BlockScanner.ForEachReferenceIn(block, runtime, from, to, ref visitor);
        ScannedBytes += to - from;
        if (to < end)
            _partial.Push((block, to));
    }

    private readonly struct Visitor(HeapMarker marker) : IReferenceVisitor
    {
        public void Visit(nint slot, ReferenceSlot kind) => marker.MarkFrom(*(nint*)slot);
    }
}
