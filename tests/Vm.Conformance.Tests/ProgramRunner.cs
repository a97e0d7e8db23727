using Vm.Jit;
using Vm.Jit.Engine;
using Vm.TestSupport;

namespace Vm.Conformance.Tests;

/// <summary>The observable result of one run: stdout bytes as text, and the exit code.</summary>
public sealed record RunResult(string Stdout, int ExitCode);

/// <summary>Compiles a corpus program (cached) and runs it in-process in a given mode, capturing its output.</summary>
public static class ProgramRunner
{
    static ProgramRunner()
    {
        // The corpus was recorded with TZ=UTC and LC_ALL=C.
        Environment.SetEnvironmentVariable("TZ", "UTC");
        Environment.SetEnvironmentVariable("LC_ALL", "C");
    }

    public static RunResult Run(string directory, string program, ExecutionMode mode, params string[] args)
    {
        var path = HaxeCompiler.Compile(directory, program);
        using var output = new MemoryStream();
        using var vm = VirtualMachine.Load(path, new VmOptions { Mode = mode, StandardOutput = output, Arguments = args });
        var code = vm.Run();
        return new RunResult(System.Text.Encoding.UTF8.GetString(output.ToArray()), code);
    }
}
