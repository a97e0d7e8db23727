using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.Frontend.Verification;

namespace Vm.Cli;

/// <summary>Loads modules for the commands and turns every expected failure into a one-line error and exit code.</summary>
internal static class ModuleLoading
{
    public const int ErrorExitCode = 1;

    /// <summary>Exit code for failures of the VM itself (EX_SOFTWARE).</summary>
    public const int InternalErrorExitCode = 70;

    public static HlModule Load(FileInfo file)
    {
        if (!file.Exists)
            throw new CliException($"file not found: {file.FullName}");
        return BytecodeReader.ReadFile(file.FullName);
    }

    /// <summary>Runs a command body; known errors are printed as "vm: message" on stderr with exit code 1.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is CliException or BytecodeFormatException or BytecodeVerificationException or IOException or UnauthorizedAccessException
                                       or Runtime.Gc.InvalidGcOptionsException)
        {
            Console.Out.Flush();
            Console.Error.WriteLine("vm: " + e.Message);
            return ErrorExitCode;
        }
        catch (Exception e) when (e is Jit.Llvm.LlvmException or Jit.Llvm.LlvmNotFoundException or DllNotFoundException)
        {
            // Missing LLVM, or a JIT failure: not the program's fault, so a distinct exit code.
            Console.Out.Flush();
            Console.Error.WriteLine("vm: " + e.Message);
            return InternalErrorExitCode;
        }
    }
}

/// <summary>A user-facing command-line error (bad argument, missing file).</summary>
internal sealed class CliException(string message) : Exception(message);
