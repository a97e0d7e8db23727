using Vm.Frontend.Model;
using Vm.Runtime;
using Vm.Runtime.Values;

namespace Vm.Jit.Engine;

/// <summary>Prints an exception nothing caught, as HashLink does: on the program's standard output.</summary>
internal static unsafe class UncaughtException
{
    public static void Report(VmRuntime runtime, nint value)
    {
        runtime.Write($"Uncaught exception: {Describe(runtime, value)}\n");
        runtime.StandardOutput.Flush();
    }

    internal static string Describe(VmRuntime runtime, nint value)
    {
        if (value == 0)
            return "null";
        var type = runtime.Types.FromNative(*(nint*)value);
        if (type.Kind == TypeKind.Bytes || (type.Kind != TypeKind.Obj && type.Source?.Kind == TypeKind.Bytes))
            return HlStrings.ReadUtf16Z(*(nint*)(value + ValueLayout.DynamicValue));
        if (type == runtime.Strings.StringType)
            return runtime.Strings.Read(value) ?? "null";
        return type.Name;
    }
}
