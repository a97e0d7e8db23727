using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Natives.Process;

/// <summary>Sys.exit: stops the program with an exit code.</summary>
public static unsafe class ExitNatives
{
    /// <summary>
    /// HashLink exits the process; an embedded VM must not, so the exit unwinds the HL stack like an
    /// exception that nothing may catch, and the VM returns the code to its caller.
    /// </summary>
    [HlNative("std", "sys_exit")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Exit(int code)
    {
        var thread = VmThread.Current;
        thread.Runtime.StandardOutput.Flush();
        var ctx = thread.Context;
        ctx->ExitRequested = 1;
        ctx->ExitCode = code;
        HlErrors.RaiseValue(0);
    }
}
