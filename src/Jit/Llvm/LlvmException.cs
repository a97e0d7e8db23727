using System.Runtime.InteropServices;

namespace Vm.Jit.Llvm;

/// <summary>An error reported by LLVM, with LLVM's own message.</summary>
public sealed class LlvmException(string message) : Exception(message);

/// <summary>Turns LLVMErrorRef results and owned C strings into managed values.</summary>
internal static class LlvmErrors
{
    /// <summary>Throws <see cref="LlvmException"/> if <paramref name="error"/> is set (consuming it).</summary>
    public static void Check(nint error, string what)
    {
        if (error == 0)
            return;
        throw new LlvmException($"{what}: {TakeErrorMessage(error)}");
    }

    public static string TakeErrorMessage(nint error)
    {
        var msg = LlvmTargetApi.GetErrorMessage(error);
        try
        {
            return Marshal.PtrToStringUTF8(msg) ?? "(no message)";
        }
        finally
        {
            LlvmTargetApi.DisposeErrorMessage(msg);
        }
    }

    /// <summary>Reads and frees a string LLVM allocated (LLVMDisposeMessage).</summary>
    public static string TakeMessage(nint message)
    {
        if (message == 0)
            return "";
        try
        {
            return Marshal.PtrToStringUTF8(message) ?? "";
        }
        finally
        {
            LlvmCore.DisposeMessage(message);
        }
    }
}
