using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Dynamic;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Natives.Reflection;

/// <summary>hl.Api's error handler and debugger hooks.</summary>
public static class DebugNatives
{
    /// <summary>set_error_handler((dynamic) -> void) -> void: stored per thread, see <see cref="ErrorHandlers"/>.</summary>
    [HlNative("std", "set_error_handler")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void SetErrorHandler(nint handler)
    {
        try
        {
            ErrorHandlers.Set(VmThread.Current, handler);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
        }
    }

    /// <summary>
    /// breakpoint() -> void: hl breaks into an attached HL debugger; this runtime has no HL debugger yet, so
    /// it does nothing, as hl does without one (a .NET debugger on the VM itself is not an HL debugger).
    /// </summary>
    [HlNative("std", "breakpoint")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Breakpoint()
    {
    }
}
