using System.Diagnostics;
using Vm.Runtime.Memory;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Gc;

/// <summary>
/// Decides when to collect and runs collections at safepoints: a minor collection when the eden is full;
/// when the old generation passes its limit, an incremental marking (<see cref="IncrementalMarking"/>)
/// that runs in slices at the end of the following minor collections and ends with a remark and lazy
/// sweeping; a full collection (everything young promoted, then mark–sweep of the old generation) when one
/// was asked for or incremental marking is off. Under stress, collects at every safepoint where something
/// young exists, starts a marking every 16th collection (ending some early), makes every 64th a full one,
/// and verifies the heap after each. Collections never run while a native that called back into HL code
/// is on the stack holding heap addresses (its C# frames): they wait for the next safepoint after it returned.
/// </summary>
public sealed unsafe class GarbageCollector(VmRuntime runtime)
{
    private const int StressMarkingEvery = 16;
    private const int StressFullEveryMarkings = 4;
    private const int StressFirstVisits = 8;

    private long _collections;
    private readonly Dictionary<nint, long> _stressVisits = [];
    private readonly List<(nint, nint)> _stackSlots = [];
    private bool _minorRequested;
    private bool _promoteAllNext;
    private readonly IncrementalMarking _marking = new(runtime);

    public GcStatistics Statistics { get; } = new();

    /// <summary>Asks for a minor collection at the next safepoint of the running thread (host API).</summary>
    public void RequestMinor()
    {
        _minorRequested = true;
        if (VmThread.CurrentOrNull is { } t && t.Runtime == runtime)
            t.Context->SafepointRequested = 1;
    }

    /// <summary>
    /// Collects now, from outside HL code (a host between frames, tests): the young generation (carrying on
    /// an incremental marking, or starting one when the old generation is past its limit), and with
    /// <paramref name="full"/> the old one too, in one pause. HL code calling the host must ask for a
    /// collection at its next safepoint instead (<see cref="RequestMinor"/>, <see cref="Memory.Heap.RequestFullCollection"/>).
    /// </summary>
    public void CollectNow(bool full)
    {
        var thread = HostThread();
        // The old generation's limit applies as at a safepoint: a marking starts, or ends at its hard limit.
        var heap = runtime.Heap;
        var oldFull = heap.Old.AllocatedBytes > heap.OldLimit;
        full |= oldFull && !MarkIncrementally();
        Collect(thread, [], full, startMarking: oldFull && !full && !_marking.Active, finishMarking: oldFull && _marking.Active);
        if (heap.Options.Stress)
            Verify([]);
    }

    // The calling thread when it is this runtime's (its allocation buffer is retired), for collections asked
    // from outside HL code; throws when HL code is running on it (its frames' references are not known here).
    private VmThread? HostThread()
    {
        var thread = VmThread.CurrentOrNull;
        if (thread is not null && thread.Runtime == runtime && thread.Context->Transitions != 0)
            throw new InvalidOperationException("HL code is running on this thread: a collection can only be requested for its next safepoint");
        return thread is not null && thread.Runtime == runtime ? thread : null;
    }

    /// <summary>Whether an incremental marking is under way (collections carry it on in slices).</summary>
    public bool MarkingInProgress => _marking.Active;

    /// <summary>
    /// Starts an incremental marking of the old generation now (after a minor collection), from outside HL
    /// code: a host that knows a quiet moment is coming (a loading screen), tests. The minor collections
    /// that follow mark in slices and the last one sweeps; nothing happens when a marking is under way.
    /// </summary>
    public void StartMarking()
    {
        var thread = HostThread();
        if (!_marking.Active)
            Collect(thread, [], full: false, startMarking: true);
    }

    /// <summary>Called at a safepoint with the frame address of the JIT code that polled.</summary>
    public void AtSafepoint(VmThread thread, nint framePointer)
    {
        var heap = runtime.Heap;
        var stress = heap.Options.Stress;
        // Past the old generation's limit: a marking starts, or (during one: the hard limit) ends now.
        var oldFull = heap.Old.AllocatedBytes > heap.OldLimit;
        var full = heap.FullCollectionRequested || (oldFull && !MarkIncrementally());
        var minor = full || oldFull || _minorRequested || heap.Young.Full
            || (stress && (heap.Young.EdenUsed > 0 || heap.Young.SurvivorUsed > 0 || _marking.Active) && StressDue(framePointer));
        if (!minor || !heap.CollectionEnabled)
            return;
        var slots = _stackSlots;
        slots.Clear();
        if (thread.CollectionHolds > 0 || !RootWalker.Walk(runtime.Safepoints, thread.Context, framePointer, (b, d) => slots.Add(((nint)b, (nint)d))))
        {
            Statistics.Deferred++;
            if (MinorCollector.Trace)
                TraceWait(thread);
            return;
        }
        var finishMarking = oldFull && _marking.Active;
        if (stress && ++_collections % StressMarkingEvery == 0)
        {
            // Stress: markings start often and run in small slices across many collections; some end early,
            // and a full collection now and then abandons one under way.
            if (_collections % (StressMarkingEvery * StressFullEveryMarkings) == 0 || !heap.Options.IncrementalMarking)
                full = true;
            else if (_marking.Active)
                finishMarking |= _collections % (StressMarkingEvery * 2) == 0;
            else
                oldFull = true;
        }
        Collect(thread, slots, full, startMarking: oldFull && !full && !_marking.Active, finishMarking);
        if (stress)
            Verify(slots);
    }

    // VM_GC_TRACE: which native call a collection waits for (the innermost one that called back into HL code).
    private void TraceWait(VmThread thread)
    {
        var transition = (TransitionRecord*)thread.Context->Transitions;
        if (transition == null)
        {
            Console.Error.WriteLine("gc waits: collections held by the host");
            return;
        }
        var site = transition->Site;
        var findex = (int)(site >> 32);
        var name = runtime.Module.GetCallee(findex).Function?.Name ?? $"function #{findex}";
        Console.Error.WriteLine($"gc waits: a callback under the native called by {name} at instruction {(int)site}");
    }

    // Whether the old generation, once past its limit, is marked incrementally rather than in a full
    // collection: when that is on and what the last marking found live is large enough for a full
    // collection's pause to matter (below, a remark and the slices cost about as much as the whole marking).
    private bool MarkIncrementally()
    {
        var heap = runtime.Heap;
        return heap.Options.IncrementalMarking && (_marking.Active || heap.OldLiveBytes >= heap.Options.IncrementalMarkingThreshold);
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

    private void Collect(VmThread? thread, List<(nint, nint)> slots, bool full, bool startMarking = false, bool finishMarking = false)
    {
        var heap = runtime.Heap;
        var start = Stopwatch.GetTimestamp();
        thread?.RetireAllocationBuffer();
        heap.RetireSharedBuffer();
        var edenUsed = heap.Young.EdenUsed;
        if (full)
            _marking.Abandon();
        var minor = new MinorCollector(runtime, full || _promoteAllNext ? 0 : heap.Options.PromotionAge, _marking.Marker);
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
        var major = full;
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
            heap.OldLiveBytes = marker.MarkedBytes;
            heap.OldLimit = Math.Max(heap.Options.InitialOldLimit, (long)(marker.MarkedBytes * heap.Options.OldGrowthFactor));
            heap.Old.TrimRetainedPages(heap.OldLimit - marker.MarkedBytes);
            heap.FullCollectionDone();
        }
        else if (_marking.Active)
        {
            major = _marking.Step(slots, minor.PromotedBytes, finishMarking);
        }
        else if (startMarking)
        {
            _marking.Start(slots);
        }
        else if (heap.OldLimit == long.MaxValue)
        {
            heap.OldLimit = heap.Options.InitialOldLimit;
        }
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (MinorCollector.Trace)
            Console.Error.WriteLine($"gc {(full ? "full" : major ? "minor + remark" : _marking.Active ? "minor + marking" : "minor")} pause {ms:F2} ms, managed gen0 collections so far {GC.CollectionCount(0)}, managed bytes allocated {GC.GetTotalAllocatedBytes() >> 10} KB");
        if (major)
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
