using System.Runtime.CompilerServices;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Gc;

/// <summary>
/// One minor collection: evacuates the live blocks of the eden and the survivor space, found from the
/// roots (stack slots, <see cref="RootSet"/>) and the dirty cards of the old generation. A block is copied
/// into the to-space with its age increased, or promoted into the old generation once its age reaches the
/// promotion age (or when the to-space is full). Copied blocks are scanned Cheney-style (to-space in
/// address order, promoted blocks from a work list); a promoted block or old block left pointing to a
/// young one gets its card dirtied. While an incremental marking is under way, promoted blocks are born
/// marked (see <see cref="OldSpace.Marker"/>), and the old blocks that promoted blocks and marked blocks
/// on dirty cards point to are handed to the marker. The copy's old header is flagged
/// <see cref="BlockHeader.Forwarded"/> and its first payload word holds the new address.
/// </summary>
internal sealed unsafe class MinorCollector
{
    private readonly VmRuntime _runtime;
    private readonly YoungGeneration _young;
    private readonly OldSpace _old;
    private readonly int _promotionAge;
    private readonly Stack<nint> _promoted = new();
    private readonly HeapMarker? _marker;

    /// <param name="marker">The marker of an incremental marking under way, if any: what promoted blocks and marked blocks on dirty cards point to is marked by it.</param>
    public MinorCollector(VmRuntime runtime, int promotionAge, HeapMarker? marker = null)
    {
        _runtime = runtime;
        _young = runtime.Heap.Young;
        _old = runtime.Heap.Old;
        _promotionAge = promotionAge;
        _marker = marker;
    }

    internal static readonly bool Trace = Environment.GetEnvironmentVariable("VM_GC_TRACE") == "1";

    private static double Ms(long from, long to) => (to - from) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;

    public long CopiedBytes { get; private set; }
    public long PromotedBytes { get; private set; }
    public long CardsScanned { get; private set; }

    /// <summary>Evacuates from the given stack slots (base, derived pairs) and the other roots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Collect(IReadOnlyList<(nint BaseSlot, nint DerivedSlot)> stackSlots, bool poison)
    {
        (_edenStart, _edenTop, _survivorStart, _survivorTop) = _young.FromSpaceRanges;
        var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        _young.BeginCollection();
        UpdateStack(stackSlots);
        RootSet.ForEach(_runtime, (slot, kind, _) => *(nint*)slot = Forward(*(nint*)slot, kind == ReferenceSlot.Exact));
        var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        ScanDirtyCards();
        var t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        Drain();
        _runtime.Heap.Finalizers.AfterEvacuation(_young);
        var t3 = System.Diagnostics.Stopwatch.GetTimestamp();
        _young.EndCollection(poison);
        var t4 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (Trace)
            Console.Error.WriteLine($"minor: forwards {_forwards} lookups {_lookups} index builds {_young.IndexBuilds} roots {Ms(t0, t1):F2} cards {Ms(t1, t2):F2} ({CardsScanned}) drain {Ms(t2, t3):F2} end {Ms(t3, t4):F2} copied {CopiedBytes} promoted {PromotedBytes}");
    }

    // Base and derived slots may repeat (one value in several pairs, a base that is its own derived):
    // read every value first, then write, so no slot is relocated twice.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateStack(IReadOnlyList<(nint BaseSlot, nint DerivedSlot)> slots)
    {
        var values = new (nint Base, nint Derived)[slots.Count];
        for (var i = 0; i < slots.Count; i++)
            values[i] = (*(nint*)slots[i].BaseSlot, *(nint*)slots[i].DerivedSlot);
        var moved = new nint[slots.Count];
        for (var i = 0; i < slots.Count; i++)
            moved[i] = values[i].Base == 0 ? 0 : Forward(values[i].Base, exact: false);
        for (var i = 0; i < slots.Count; i++)
        {
            var (b, d) = values[i];
            if (moved[i] == b)
                continue;
            *(nint*)slots[i].DerivedSlot = d + (moved[i] - b);
            *(nint*)slots[i].BaseSlot = moved[i];
        }
    }

    /// <summary>The new address of <paramref name="value"/>: evacuates its block when it is young and not copied yet.</summary>
    private long _forwards, _lookups;
    private nint _edenStart, _edenTop, _survivorStart, _survivorTop;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private nint Forward(nint value, bool exact)
    {
        _forwards++;
        // From-space: the eden, or the survivor space being evacuated (ranges fixed for the collection).
        var probe = exact ? value : value - BlockHeader.Size;
        if (!((probe >= _edenStart && probe < _edenTop) || (probe >= _survivorStart && probe < _survivorTop)))
            return value;
        if (!exact)
            _lookups++;
        var block = exact ? value : _young.FindBlock(value);
        if (block == 0)
            return value;
        var header = BlockHeader.Of(block);
        var copy = (header & BlockHeader.Forwarded) != 0 ? *(nint*)block : Evacuate(block, header);
        return copy + (value - block);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private nint Evacuate(nint block, ulong header)
    {
        var footprint = BlockHeader.Footprint(header);
        var age = BlockHeader.Age(header) + 1;
        var dest = age < _promotionAge ? _young.AllocateInToSpace(footprint) : 0;
        var promoted = dest == 0;
        if (promoted)
        {
            dest = _old.AllocateForPromotion(footprint);
            PromotedBytes += footprint;
        }
        else
        {
            CopiedBytes += footprint;
        }
        Buffer.MemoryCopy((void*)(block - BlockHeader.Size), (void*)dest, footprint, footprint);
        var shape = BlockHeader.Shape(header);
        *(ulong*)dest = promoted ? shape : BlockHeader.WithAge(shape, age);
        var copy = dest + BlockHeader.Size;
        BlockHeader.Of(block) = header | BlockHeader.Forwarded;
        *(nint*)block = copy;
        if (promoted)
            _promoted.Push(copy);
        return copy;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanDirtyCards()
    {
        var visitor = new CardScanner(this);
        _old.TakeDirtyCards(ref visitor);
    }

    private readonly struct CardScanner(MinorCollector collector) : IDirtyCardVisitor
    {
        public void Visit(nint cell, nint from, nint to)
        {
            collector.CardsScanned++;
            // A dirty card is the only trace of a store into a block the marking may have scanned already:
            // what the marked blocks under it point to is marked now, or the marking could miss a reference
            // moved there from elsewhere.
            var grey = collector._marker is not null && OldSpace.IsMarked(cell) ? collector._marker : null;
            var slots = new SlotUpdater(collector, isOld: true, grey);
            BlockScanner.ForEachReferenceIn(cell + BlockHeader.Size, collector._runtime, from, to, ref slots);
        }
    }

    // Scans copied blocks until none is left: the to-space between the scan pointer and its top, and promoted blocks.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Drain()
    {
        var scan = _young.ToSpaceStart;
        while (true)
        {
            var progress = false;
            while (scan < _young.ToSpaceTop)
            {
                var header = *(ulong*)scan;
                if (header == 0)
                {
                    scan += 8;
                    continue;
                }
                var visitor = new SlotUpdater(this, isOld: false);
                BlockScanner.ForEachReference(scan + BlockHeader.Size, _runtime, ref visitor);
                scan += (nint)BlockHeader.Footprint(header);
                progress = true;
            }
            while (_promoted.TryPop(out var block))
            {
                // Promoted during a marking: born marked, so the old blocks it points to are marked here.
                var visitor = new SlotUpdater(this, isOld: true, _marker);
                BlockScanner.ForEachReference(block, _runtime, ref visitor);
                progress = true;
            }
            if (!progress)
                return;
        }
    }

    // grey: the marker of an incremental marking, for slots of marked old blocks (their old referents get marked).
    private struct SlotUpdater(MinorCollector collector, bool isOld, HeapMarker? grey = null) : IReferenceVisitor
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Visit(nint slot, ReferenceSlot kind)
        {
            var value = *(nint*)slot;
            if (value == 0)
                return;
            var moved = collector.Forward(value, kind == ReferenceSlot.Exact);
            if (moved != value)
                *(nint*)slot = moved;
            if (isOld && collector._young.InRange(moved))
                WriteBarrier.Mark(slot);
            else
                grey?.MarkFrom(moved);
        }
    }
}
