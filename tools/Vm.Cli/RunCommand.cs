using System.CommandLine;
using Vm.Jit;
using Vm.Jit.Engine;

namespace Vm.Cli;

/// <summary>`vm run file.hl [args]` (also `vm file.hl [args]`): runs a program like `hl file.hl`.</summary>
internal static class RunCommand
{
    public static readonly Option<ExecutionMode> Mode = new("--mode")
    {
        Description = "lazy: compile each function on its first call (default); eager: compile everything before running",
        DefaultValueFactory = _ => ExecutionMode.Lazy,
    };

    public static readonly Option<bool> Stats = new("--stats") { Description = "Print compilation statistics to stderr after the run" };

    public static readonly Option<bool> GcStress = new("--gc-stress") { Description = "Collect at every safepoint site and verify the heap after each collection" };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "HashLink bytecode file (.hl)" };
        var args = new Argument<string[]>("args") { Description = "Arguments for the program", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("run", "Run a program (the default command: `vm file.hl` works too)") { file, args, Mode, Stats, GcStress };
        command.SetAction(parse => ModuleLoading.Guard(() =>
            Run(parse.GetValue(file)!, parse.GetValue(args) ?? [], parse.GetValue(Mode), parse.GetValue(Stats), parse.GetValue(GcStress))));
        return command;
    }

    private static int Run(FileInfo file, string[] args, ExecutionMode mode, bool stats, bool gcStress)
    {
        var module = ModuleLoading.Load(file);
        using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
        using var vm = VirtualMachine.Load(module, new VmOptions { Mode = mode, StandardOutput = stdout, Arguments = args, GcStress = gcStress || Environment.GetEnvironmentVariable("VM_GC_STRESS") == "1", ModulePath = file.ToString() });
        var code = vm.Run();
        stdout.Flush();
        if (stats)
            StatsReport.Write(Console.Error, vm);
        return code;
    }
}

/// <summary>The --stats report.</summary>
internal static class StatsReport
{
    public static void Write(TextWriter w, VirtualMachine vm)
    {
        var s = vm.Statistics;
        w.WriteLine($"functions: {s.FunctionCount}");
        w.WriteLine($"compiled: {s.CompiledFunctions} functions ({s.BackgroundCompiledFunctions} ahead of their first call, in the background), {s.CompiledThunks} native thunks");
        w.WriteLine($"compile time: {s.CompileTime.TotalMilliseconds:F1} ms");
        w.WriteLine($"compiled with unsupported opcodes: {s.UnsupportedFunctions.Count}");
        foreach (var u in s.UnsupportedFunctions.Take(20))
            w.WriteLine($"  {u}");
        w.WriteLine($"natives not implemented: {s.MissingNatives}");
        w.WriteLine($"safepoint stops: {vm.SafepointStatistics.Polls}");
        var gc = vm.GcStatistics;
        var heap = vm.Heap;
        var minor = gc.Pauses(major: false);
        var major = gc.Pauses(major: true);
        w.WriteLine($"gc minor: {gc.MinorCollections} collections, pause p50 {minor.P50:F3} ms, p99 {minor.P99:F3} ms, max {minor.Max:F3} ms, total {gc.TotalPauseMs(false):F1} ms");
        w.WriteLine($"gc major: {gc.MajorCollections} collections, pause p50 {major.P50:F3} ms, p99 {major.P99:F3} ms, max {major.Max:F3} ms, total {gc.TotalPauseMs(true):F1} ms; {gc.MarkingCycles} incremental markings in {gc.MarkSlices} slices");
        w.WriteLine($"gc bytes: allocated {Mb(heap.BytesAllocated)}, copied {Mb(gc.BytesCopied)}, promoted {Mb(gc.BytesPromoted)}, freed by sweeping {Mb(heap.Old.FreedBytes)}, peak heap {Mb(gc.PeakHeapBytes)}");
        w.WriteLine($"gc waits for native callbacks: {gc.Deferred}; heap verifications: {gc.HeapVerifications}");
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):F1} MB";
}
