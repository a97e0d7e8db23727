using Vm.Runtime;
using Vm.Runtime.Debugging;
using Vm.Runtime.Dynamic;
using Vm.Runtime.Threading;

namespace Vm.Jit.Engine;

/// <summary>
/// Prints an exception nothing caught, as HashLink does: on the program's standard output, the value
/// as hl_to_string shows it, then one "Called from" line per frame of the stack captured at the throw.
/// </summary>
internal static class UncaughtException
{
    public static void Report(VmRuntime runtime, VmThread thread, nint value)
    {
        var text = new System.Text.StringBuilder();
        text.Append("Uncaught exception: ").Append(Describe(runtime, value)).Append('\n');
        foreach (var site in thread.ExceptionStack)
            text.Append("Called from ").Append(CallSites.Describe(runtime.Module, site)).Append('\n');
        runtime.Write(text.ToString());
        runtime.StandardOutput.Flush();
    }

    /// <summary>The value as hl_to_string prints it (calling its toString when it has one).</summary>
    internal static string Describe(VmRuntime runtime, nint value) => ValueStrings.ToText(DynamicState.Of(runtime), value);
}
