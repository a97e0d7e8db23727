using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.JitAbi;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Gc;

/// <summary>
/// Runs when a thread reaches a safepoint with a request pending (JIT code polls the request flag at
/// function entries and loop headers): the collector runs here, the only place blocks move.
/// </summary>
public static unsafe class SafepointHandler
{
    [JitHelper("rt_safepoint", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Safepoint(void* framePointer)
    {
        var thread = VmThread.Current;
        var rt = thread.Runtime;
        rt.SafepointStats.Polls++;
        var stress = rt.Heap.Options.Stress;
        thread.Context->SafepointRequested = stress ? 1 : 0;
        try
        {
            rt.Collector.AtSafepoint(thread, (nint)framePointer);
        }
        catch (Exception e)
        {
            Fatal.Stop($"garbage collector failed: {e}");
        }
    }
}
