using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Debugging;
using Vm.Runtime.Threading;

namespace Vm.Runtime.JitAbi;

/// <summary>Stack capture at throw time, for exception stacks and uncaught-exception reports.</summary>
public static unsafe class StackHelpers
{
    /// <summary>Records the HL frames above <paramref name="framePointer"/> as the thread's exception stack.</summary>
    [JitHelper("rt_capture_stack", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void CaptureStack(void* framePointer)
    {
        var thread = VmThread.Current;
        thread.ExceptionStack = StackWalker.Walk(thread.Runtime.CallSites, thread.Context, (nint)framePointer);
    }
}
