using System.Diagnostics;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Gc;

/// <summary>
/// Marks the old generation a slice at a time at the end of minor collections, instead of in one full
/// collection's pause. Incremental update: while a marking runs, the write barrier dirties the card of
/// every reference store into the old generation, and the minor collection that consumes a dirty card
/// marks what the marked blocks under it point to; blocks allocated in the old generation meanwhile
/// (promotions, large and overflow blocks) are born marked, and what a promoted block points to is marked
/// as it is promoted. The remark, at the end of a minor collection once the work is done, marks from the
/// roots and from the young survivors (stores into young blocks and stack slots leave no trace), drains
/// what that found, and sweeps lazily. Marking starts when the old generation reaches its limit; if the
/// program fills the old generation faster than the slices mark and reaches the hard limit, the remark
/// finishes the marking at once.
/// </summary>
internal sealed unsafe class IncrementalMarking(VmRuntime runtime)
{
    private const long StressSliceBytes = 2048;

    // Slices plan to finish with half of the headroom to spare.
    private const double PacingMargin = 2;

    private HeapMarker? _marker;
    private long _promotedSinceStart;
    private long _expectedWork;
    private long _oldAtLastStep;
    private double _workPerByte = 3;

    private GcStatistics Statistics => runtime.Collector.Statistics;

    /// <summary>The marker while a marking is under way, else null.</summary>
    public HeapMarker? Marker => _marker;

    public bool Active => _marker is not null;

    /// <summary>
    /// Starts marking (the program is stopped after a minor collection, stack slots updated): lazy sweeping
    /// of the last cycle finishes, the roots are marked, allocation in the old generation becomes black.
    /// </summary>
    public void Start(List<(nint BaseSlot, nint DerivedSlot)> slots)
    {
        var heap = runtime.Heap;
        var t0 = Stopwatch.GetTimestamp();
        var swept = heap.Old.FinishSweeping();
        var t1 = Stopwatch.GetTimestamp();
        _marker = new HeapMarker(runtime);
        _promotedSinceStart = 0;
        heap.Old.Marker = _marker;
        runtime.RecordAllOldStores(true);
        // All of the old generation may be live: the pacing plans for it (at most the growth factor too much).
        _expectedWork = (long)(heap.Old.AllocatedBytes * _workPerByte);
        _oldAtLastStep = heap.Old.AllocatedBytes;
        MarkRoots(slots);
        if (MinorCollector.Trace)
            Console.Error.WriteLine($"marking start: finish sweeping {Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds:F2} ms ({swept} bytes freed), roots {Stopwatch.GetElapsedTime(t1).TotalMilliseconds:F2} ms");
        // Room to finish: the old generation may grow by half its limit (at least a nursery) while slices run.
        var limit = heap.OldLimit == long.MaxValue ? heap.Options.InitialOldLimit : heap.OldLimit;
        heap.OldLimit = Math.Max(limit, heap.Old.AllocatedBytes) + Math.Max(limit / 2, heap.Options.NurserySize);
        Statistics.MarkingCycles++;
    }

    /// <summary>
    /// One slice after a minor collection (which promoted <paramref name="promotedBytes"/>); remarks and sweeps
    /// when no work is left, or at once with <paramref name="finish"/>. Returns true when the marking ended.
    /// </summary>
    public bool Step(List<(nint BaseSlot, nint DerivedSlot)> slots, long promotedBytes, bool finish)
    {
        var marker = _marker ?? throw new InvalidOperationException("no marking under way");
        var heap = runtime.Heap;
        _promotedSinceStart += promotedBytes;
        // Pacing: the marking must end before the old generation reaches its hard limit. The work left
        // (expected from the old generation's size at the start, at the last cycle's work per marked byte) is
        // spread over the growth left, in proportion to what the old generation grew by since the last
        // slice: a program promoting fast gets longer slices, one promoting nothing only the base slice.
        // Under stress, slices are tiny so that markings span many collections.
        var slice = heap.Options.Stress ? StressSliceBytes : heap.Options.MarkSliceBytes;
        var grown = Math.Max(0, heap.Old.AllocatedBytes - _oldAtLastStep);
        _oldAtLastStep = heap.Old.AllocatedBytes;
        var headroom = Math.Max(heap.OldLimit - heap.Old.AllocatedBytes, heap.Options.NurserySize);
        // The estimate can fall short (blocks greyed by promotions add work): a fifth of it stays planned.
        var left = Math.Max(_expectedWork / 5, _expectedWork - marker.Work);
        var paced = heap.Options.Stress ? 0 : (long)(PacingMargin * left * ((double)grown / headroom));
        var budget = finish ? long.MaxValue : slice + paced;
        Statistics.MarkSlices++;
        var t0 = Stopwatch.GetTimestamp();
        var work = marker.Work;
        var done = marker.Drain(budget);
        if (MinorCollector.Trace)
            Console.Error.WriteLine($"marking slice: {Stopwatch.GetElapsedTime(t0).TotalMilliseconds:F2} ms, {marker.Work - work} bytes of work (budget {(finish ? "none" : budget)}), {marker.MarkedBytes} bytes marked so far");
        if (!done && !finish)
            return false;
        Remark(slots);
        return true;
    }

    /// <summary>Drops the marking (a full collection was asked for): marks are cleared, allocation is white again.</summary>
    public void Abandon()
    {
        if (_marker is null)
            return;
        runtime.Heap.Old.Marker = null;
        runtime.Heap.Old.ClearMarks();
        _marker = null;
        runtime.RecordAllOldStores(false);
    }

    private void MarkRoots(List<(nint BaseSlot, nint DerivedSlot)> slots)
    {
        var marker = _marker!;
        foreach (var (b, _) in slots)
            marker.MarkFrom(*(nint*)b);
        RootSet.ForEach(runtime, (slot, _, _) => marker.MarkFrom(*(nint*)slot));
    }

    private void Remark(List<(nint BaseSlot, nint DerivedSlot)> slots)
    {
        var heap = runtime.Heap;
        var marker = _marker!;
        var t0 = Stopwatch.GetTimestamp();
        MarkRoots(slots);
        // Young survivors are roots of the old generation: the barrier records no store into them.
        heap.Young.ForEachBlock(block =>
        {
            var visitor = new YoungVisitor(marker);
            BlockScanner.ForEachReference(block, runtime, ref visitor);
        });
        var t1 = Stopwatch.GetTimestamp();
        marker.Drain();
        var t2 = Stopwatch.GetTimestamp();
        heap.Old.Marker = null;
        _marker = null;
        runtime.RecordAllOldStores(false);
        heap.Finalizers.AfterMarking(heap.Old);
        var t3 = Stopwatch.GetTimestamp();
        heap.Old.Sweep(lazy: true);
        var t4 = Stopwatch.GetTimestamp();
        heap.OldLiveBytes = marker.MarkedBytes;
        heap.OldLimit = Math.Max(heap.Options.InitialOldLimit, (long)(marker.MarkedBytes * heap.Options.OldGrowthFactor));
        if (marker.MarkedBytes > 0)
            _workPerByte = Math.Clamp((double)marker.Work / marker.MarkedBytes, 0.5, 8);
        heap.Old.TrimRetainedPages(heap.OldLimit - marker.MarkedBytes);
        if (MinorCollector.Trace)
            Console.Error.WriteLine($"remark: {Stopwatch.GetElapsedTime(t0).TotalMilliseconds:F2} ms (roots+young {Ms(t0, t1):F2}, drain {Ms(t1, t2):F2}, finalizers {Ms(t2, t3):F2}, sweep {Ms(t3, t4):F2}), {marker.MarkedBlocks} blocks / {marker.MarkedBytes} bytes marked, {marker.ScannedBytes} bytes scanned, {_promotedSinceStart} promoted during the marking");
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private readonly struct YoungVisitor(HeapMarker marker) : IReferenceVisitor
    {
        public void Visit(nint slot, ReferenceSlot kind) => marker.MarkFrom(*(nint*)slot);
    }
}
