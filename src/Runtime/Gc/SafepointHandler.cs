using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.JitAbi;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Gc;

/// <summary>
/// Runs when a thread reaches a safepoint with a request pending. The collector will work here; for
/// now it walks the stack's references and, under GC stress, checks every one of them.
/// </summary>
public static unsafe class SafepointHandler
{
    [JitHelper("rt_safepoint", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Safepoint(void* framePointer)
    {
        var thread = VmThread.Current;
        var rt = thread.Runtime;
        var stats = rt.SafepointStats;
        stats.Polls++;
        if (!rt.Options.GcStress)
        {
            thread.Context->SafepointRequested = 0;
            return;
        }
        var slots = 0L;
        var invalid = 0L;
        nint firstBad = 0;
        var complete = RootWalker.Walk(rt.Safepoints, thread.Context, (nint)framePointer, (b, d) =>
        {
            slots++;
            // A derived pointer may be an offset from a null base (a field address computed before a null test).
            if (!IsPlausibleReference(rt, *b) || (*b != 0 && !IsPlausibleReference(rt, *d)))
            {
                if (invalid++ == 0)
                    firstBad = *b;
            }
        });
        stats.RootWalks++;
        stats.RootSlots += slots;
        stats.InvalidRoots += invalid;
        if (!complete)
            stats.DeferredForCallbacks++;
        if (invalid > 0)
            Fatal.Stop($"heap verification failed: {invalid} stack references point outside the heap and permanent memory (first: 0x{firstBad:x})");
    }

    private static bool IsPlausibleReference(VmRuntime rt, nint p) =>
        p == 0 || rt.Heap.Contains(p) || rt.Permanent.Contains(p);
}
