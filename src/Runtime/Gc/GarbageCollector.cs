using System.Diagnostics;
using Vm.Runtime.Memory;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Gc;

/// <summary>
/// Decides when to collect and runs collections at safepoints: a minor collection when the eden is full,
/// a full one (everything young promoted, then mark–sweep of the old generation with lazy sweeping) when
/// the old generation passed its limit or one was asked for. Under stress, collects at every safepoint
/// where something young exists, makes every 16th collection a full one, and verifies the heap after each.
/// Collections never run while a native that called back into HL code is on the stack (its C# frames may
/// hold heap addresses): they wait for the next safepoint after it returned.
/// </summary>
public sealed unsafe class GarbageCollector(VmRuntime runtime)
{
    private const int StressFullEvery = 16;
    private const int StressFirstVisits = 8;

    private long _collections;
    private readonly Dictionary<nint, long> _stressVisits = [];
    private readonly List<(nint, nint)> _stackSlots = [];
    private bool _minorRequested;
    private bool _promoteAllNext;

    public GcStatistics Statistics { get; } = new();

    /// <summary>Asks for a minor collection at the next safepoint of the running thread (host API).</summary>
    public void RequestMinor()
    {
        _minorRequested = true;
        if (VmThread.CurrentOrNull is { } t && t.Runtime == runtime)
            t.Context->SafepointRequested = 1;
    }

    /// <summary>
    /// Collects now, from outside HL code (a host between frames, tests): the young generation, and with
    /// <paramref name="full"/> the old one too. HL code calling the host must ask for a collection at its
    /// next safepoint instead (<see cref="RequestMinor"/>, <see cref="Memory.Heap.RequestFullCollection"/>).
    /// </summary>
    public void CollectNow(bool full)
    {
        var thread = VmThread.CurrentOrNull;
        if (thread is not null && thread.Runtime == runtime && thread.Context->Transitions != 0)
            throw new InvalidOperationException("HL code is running on this thread: a collection can only be requested for its next safepoint");
        Collect(thread is not null && thread.Runtime == runtime ? thread : null, [], full);
        if (runtime.Heap.Options.Stress)
            Verify([]);
    }

    /// <summary>Called at a safepoint with the frame address of the JIT code that polled.</summary>
    public void AtSafepoint(VmThread thread, nint framePointer)
    {
        var heap = runtime.Heap;
        var stress = heap.Options.Stress;
        var full = heap.FullCollectionRequested || heap.Old.AllocatedBytes > heap.OldLimit;
        var minor = full || _minorRequested || heap.Young.Full
            || (stress && (heap.Young.EdenUsed > 0 || heap.Young.SurvivorUsed > 0) && StressDue(framePointer));
        if (!minor || !heap.CollectionEnabled)
            return;
        var slots = _stackSlots;
        slots.Clear();
        if (thread.CollectionHolds > 0 || !RootWalker.Walk(runtime.Safepoints, thread.Context, framePointer, (b, d) => slots.Add(((nint)b, (nint)d))))
        {
            Statistics.Deferred++;
            return;
        }
        if (stress && ++_collections % StressFullEvery == 0)
            full = true;
        Collect(thread, slots, full);
        if (stress)
            Verify(slots);
    }

    // Stress: a safepoint site collects the first times it is reached, then at its 2^n-th visits, so every
    // site moves objects under its feet several times without a loop running millions of collections.
    private bool StressDue(nint framePointer)
    {
        var site = *(nint*)(framePointer + 8);
        var visits = _stressVisits.GetValueOrDefault(site) + 1;
        _stressVisits[site] = visits;
        return visits <= StressFirstVisits || (visits & (visits - 1)) == 0;
    }

    private void Collect(VmThread? thread, List<(nint, nint)> slots, bool full)
    {
        var heap = runtime.Heap;
        var start = Stopwatch.GetTimestamp();
        thread?.RetireAllocationBuffer();
        heap.RetireSharedBuffer();
        var edenUsed = heap.Young.EdenUsed;
        var minor = new MinorCollector(runtime, full || _promoteAllNext ? 0 : heap.Options.PromotionAge);
        minor.Collect(slots, poison: heap.Options.Stress);
        // Adaptive tenuring: survivors filling over half a survivor space mean a phase that builds long-lived
        // data (a level load, a world set-up); the next collection promotes every survivor at once rather than
        // copying it again and carrying its old-to-young edges (dirty cards) into the frames that follow.
        _promoteAllNext = !full && heap.Options.AdaptivePromotion
            && minor.CopiedBytes + minor.PromotedBytes > heap.Options.SurvivorSize / 2;
        heap.EdenCollected(edenUsed);
        // Object maps hash keys by address: they rehash when next used.
        Natives.Maps.MapAddressEpoch.ObjectsMoved();
        _minorRequested = false;
        Statistics.BytesCopied += minor.CopiedBytes;
        Statistics.BytesPromoted += minor.PromotedBytes;
        var minorEnd = Stopwatch.GetTimestamp();
        if (full)
        {
            var sweptBefore = heap.Old.FinishSweeping();
            var t0 = Stopwatch.GetTimestamp();
            var marker = new HeapMarker(runtime);
            foreach (var (b, _) in slots)
                marker.MarkFrom(*(nint*)b);
            RootSet.ForEach(runtime, (slot, _, _) => marker.MarkFrom(*(nint*)slot));
            marker.Drain();
            var t1 = Stopwatch.GetTimestamp();
            heap.Finalizers.AfterMarking(heap.Old);
            heap.Old.Sweep(lazy: true);
            // The young generation is empty: no old block points to a young one.
            heap.Old.TakeDirtyCards((_, _, _) => { });
            if (MinorCollector.Trace)
                Console.Error.WriteLine($"major: promote-all minor {Ms(start, minorEnd):F2} finish sweeping {Ms(minorEnd, t0):F2} ({sweptBefore} bytes) mark {Ms(t0, t1):F2} ({marker.MarkedBlocks} blocks, {marker.MarkedBytes} bytes) sweep+cards {Ms(t1, Stopwatch.GetTimestamp()):F2}");
            heap.OldLimit = Math.Max(heap.Options.InitialOldLimit, (long)(marker.MarkedBytes * heap.Options.OldGrowthFactor));
            heap.Old.TrimRetainedPages(heap.OldLimit - marker.MarkedBytes);
            heap.FullCollectionDone();
        }
        else if (heap.OldLimit == long.MaxValue)
        {
            heap.OldLimit = heap.Options.InitialOldLimit;
        }
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (MinorCollector.Trace)
            Console.Error.WriteLine($"gc {(full ? "full" : "minor")} pause {ms:F2} ms, managed gen0 collections so far {GC.CollectionCount(0)}, managed bytes allocated {GC.GetTotalAllocatedBytes() >> 10} KB");
        if (full)
            Statistics.AddMajor(ms);
        else
            Statistics.AddMinor(ms);
        Statistics.PeakHeapBytes = Math.Max(Statistics.PeakHeapBytes, heap.Young.SurvivorUsed + heap.Old.AllocatedBytes + edenUsed);
        heap.Finalizers.RunDue();
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    // Stress mode: every stack reference and the whole heap must be sound after the collection.
    private void Verify(List<(nint BaseSlot, nint DerivedSlot)> slots)
    {
        Statistics.HeapVerifications++;
        var heap = runtime.Heap;
        foreach (var (b, _) in slots)
        {
            var v = *(nint*)b;
            // Values outside the heap are permanent objects or refs to stack slots.
            if (v == 0 || !heap.Contains(v))
                continue;
            if (heap.FindBlockStart(v) == 0)
                Fatal.Stop($"heap verification failed after a collection: a stack reference holds 0x{v:x}, which is not in a live block");
        }
        var report = HeapVerifier.Verify(runtime);
        if (report.Count > 0)
            Fatal.Stop($"heap verification failed after a collection: {report.Count} problems; first: {report[0]}");
    }
}
