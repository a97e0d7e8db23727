using Vm.Jit;
using Vm.Jit.Engine;
using Vm.TestSupport;

namespace Vm.Conformance.Tests;

/// <summary>The observable result of one run: stdout bytes as text, and the exit code.</summary>
public sealed record RunResult(string Stdout, int ExitCode, IReadOnlyList<string> UnsupportedFunctions);

/// <summary>Compiles a corpus program (cached) and runs it in-process in a given mode, capturing its output.</summary>
public static class ProgramRunner
{
    static ProgramRunner()
    {
        // The corpus was recorded with TZ=UTC and LC_ALL=C.
        Environment.SetEnvironmentVariable("TZ", "UTC");
        Environment.SetEnvironmentVariable("LC_ALL", "C");
    }

    public static RunResult Run(string directory, string program, ExecutionMode mode, params string[] args) =>
        RunFile(HaxeCompiler.Compile(directory, program), mode, args);

    /// <summary>Runs a corpus program stopping at every safepoint to verify the references there.</summary>
    public static RunResult RunStressed(string directory, string program, ExecutionMode mode) =>
        RunFile(HaxeCompiler.Compile(directory, program), mode, gcStress: true);

    /// <summary>Compiles Haxe source text and runs it.</summary>
    public static RunResult RunSource(string main, string source, ExecutionMode mode) =>
        RunFile(HaxeCompiler.CompileText(main, source), mode);

    public static RunResult RunFile(string path, ExecutionMode mode, params string[] args) => RunFile(path, mode, false, args);

    // Test classes (and test projects) run in parallel, but one program never runs twice at once (ProgramLock).
    public static RunResult RunFile(string path, ExecutionMode mode, bool gcStress, params string[] args)
    {
        using (ProgramLock.Acquire(Path.GetFileNameWithoutExtension(path)))
            return RunUnshared(path, mode, gcStress, args);
    }

    private static RunResult RunUnshared(string path, ExecutionMode mode, bool gcStress, string[] args)
    {
        using var output = new MemoryStream();
        using var vm = VirtualMachine.Load(path, new VmOptions { Mode = mode, StandardOutput = output, Arguments = args, GcStress = gcStress });
        var code = vm.Run();
        return new RunResult(System.Text.Encoding.UTF8.GetString(output.ToArray()), code, vm.Statistics.UnsupportedFunctions.ToList());
    }
}
