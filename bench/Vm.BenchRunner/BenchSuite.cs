using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Vm.BenchRunner;

/// <summary>Compiles, runs and checks the benchmark programs; prints a table with medians and ratios.</summary>
internal sealed partial class BenchSuite(BenchOptions options)
{
    public int Run(TextWriter output)
    {
        var root = FindRepositoryRoot();
        var benchDir = Path.GetFullPath(Path.Combine(root, "..", "shared", "bench"));
        if (!Directory.Exists(benchDir))
            throw new DirectoryNotFoundException($"benchmark programs not found at {benchDir}");
        var vm = Path.Combine(root, "tools", "Vm.Cli", "bin", "Release", "net10.0", "vm.dll");
        if (!File.Exists(vm))
            throw new FileNotFoundException("build the solution in Release first (./build.sh)", vm);
        var expected = ExpectedLines.Read(Path.Combine(benchDir, "README.md"));
        // The shared programs, then the project's own (bench/programs: cases the shared set does not cover).
        var ownDir = Path.Combine(root, "bench", "programs");
        var programs = ProgramsIn(benchDir).Concat(Directory.Exists(ownDir) ? ProgramsIn(ownDir) : [])
            .Where(p => options.Only is null || options.Only.Contains(p.Name)).ToList();
        var outDir = Path.Combine(Path.GetTempPath(), "vm-bench");
        Directory.CreateDirectory(outDir);

        output.WriteLine($"vm-bench: {programs.Count} programs, {options.Runs} run(s) each, mode {options.Mode}" +
                         (options.Reference is null ? "" : $", reference '{options.Reference}'"));
        output.WriteLine($"{"program",-15} {"check",-6} {"vm s",8} {"peak MB",8} {"compiled",9} {"jit ms",8} {"gcs",5} {"gc max ms",9}" +
                         (options.Reference is null ? "" : $" {"ref s",8} {"ref MB",8} {"vm/ref",7}"));
        var failures = 0;
        foreach (var (program, programDir) in programs)
        {
            var hl = Path.Combine(outDir, program + ".hl");
            Compile(programDir, program, hl);
            var sizeArgs = options.Size is null ? Array.Empty<string>() : [options.Size];
            var vmRuns = new List<Measurement>();
            var refRuns = new List<Measurement>();
            for (var r = 0; r < options.Runs; r++)
            {
                // Alternate so drift on a shared machine affects both sides alike.
                vmRuns.Add(ProcessMeter.Run(["dotnet", vm, "run", "--mode", options.Mode, "--stats", hl, .. sizeArgs], benchDir));
                if (options.Reference is not null)
                    refRuns.Add(ProcessMeter.Run([.. options.Reference.Split(' ', StringSplitOptions.RemoveEmptyEntries), hl, .. sizeArgs], benchDir));
            }
            var last = vmRuns[^1];
            var ok = Check(program, last, expected, sizeArgs.Length > 0, refRuns.Count > 0 ? refRuns[^1] : null);
            if (!ok)
                failures++;
            var stats = Stats(last.Stderr);
            var row = $"{program,-15} {(ok ? "ok" : "FAIL"),-6} {Median(vmRuns, m => m.Wall.TotalSeconds),8:F3} {Median(vmRuns, m => m.PeakKilobytes / 1024.0),8:F1} {stats.Compiled,9} {stats.JitMs,8:F1} {stats.Collections,5} {stats.MaxPauseMs,9:F2}";
            if (options.Reference is not null)
            {
                var refOk = refRuns[^1].ExitCode == 0;
                var vmSeconds = Median(vmRuns, m => m.Wall.TotalSeconds);
                var refSeconds = Median(refRuns, m => m.Wall.TotalSeconds);
                var ratio = !refOk ? "ref fail" : refSeconds < 0.01 ? "n/a" : (vmSeconds / refSeconds).ToString("F2", CultureInfo.InvariantCulture);
                row += $" {refSeconds,8:F3} {Median(refRuns, m => m.PeakKilobytes / 1024.0),8:F1} {ratio,7}";
            }
            output.WriteLine(row);
            // Timing lines (frame times) of every run, side by side: one run's worst frame is noise-prone.
            for (var i = 0; i < vmRuns.Count; i++)
            {
                foreach (var extra in ExtraLines(vmRuns[i].Stdout))
                    output.WriteLine($"    vm  run {i + 1}: {extra}");
                if (i < refRuns.Count)
                    foreach (var extra in ExtraLines(refRuns[i].Stdout))
                        output.WriteLine($"    ref run {i + 1}: {extra}");
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static IEnumerable<(string Name, string Dir)> ProgramsIn(string dir) =>
        Directory.GetFiles(dir, "*.hx").Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Order(StringComparer.Ordinal).Select(name => (name, dir));

    // The result line expected by ../shared/bench/README.md; for a program it does not list (or another
    // size), the reference's output less its timing lines when there is a reference, else any output.
    private static bool Check(string program, Measurement m, IReadOnlyDictionary<string, string> expected, bool customSize, Measurement? reference)
    {
        if (m.ExitCode != 0)
            return false;
        var lines = m.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (customSize || !expected.TryGetValue(program, out var line))
        {
            if (reference is null || reference.ExitCode != 0)
                return lines.Length > 0;
            var referenceLines = reference.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length > 0 && lines.Where(l => !IsTimingLine(l)).SequenceEqual(referenceLines.Where(l => !IsTimingLine(l)));
        }
        // GameFrames: the expected line is the first one; the second carries timings.
        return program == "GameFrames" ? lines.FirstOrDefault() == line : lines.LastOrDefault() == line;
    }

    // Frame-time lines ("frames N p50_ms … p99_ms … max_ms …": GameFrames, LargeWorld), shown for every run.
    private static bool IsTimingLine(string line) => line.StartsWith("frames ", StringComparison.Ordinal);

    private static IEnumerable<string> ExtraLines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(IsTimingLine);

    private static (int Compiled, double JitMs, int Collections, double MaxPauseMs) Stats(string stderr)
    {
        var compiled = CompiledLine().Match(stderr);
        var time = CompileTimeLine().Match(stderr);
        var collections = 0;
        var maxPause = 0.0;
        foreach (Match gc in GcLine().Matches(stderr))
        {
            collections += int.Parse(gc.Groups[1].Value, CultureInfo.InvariantCulture);
            maxPause = Math.Max(maxPause, double.Parse(gc.Groups[2].Value, CultureInfo.InvariantCulture));
        }
        return (compiled.Success ? int.Parse(compiled.Groups[1].Value, CultureInfo.InvariantCulture) : -1,
            time.Success ? double.Parse(time.Groups[1].Value, CultureInfo.InvariantCulture) : -1, collections, maxPause);
    }

    private static double Median(List<Measurement> runs, Func<Measurement, double> value)
    {
        var sorted = runs.Select(value).Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static void Compile(string dir, string program, string output)
    {
        var psi = new ProcessStartInfo("haxe", ["-cp", dir, "-main", program, "-hl", output]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start haxe");
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"haxe failed for {program}: {err}");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vm.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Vm.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"compiled: (\d+) functions")]
    private static partial Regex CompiledLine();

    [GeneratedRegex(@"compile time: ([\d.]+) ms")]
    private static partial Regex CompileTimeLine();

    // "gc minor: N collections, ... max X ms" (and the same for major), from vm run --stats.
    [GeneratedRegex(@"gc (?:minor|major): (\d+) collections, .*?max ([\d.]+) ms")]
    private static partial Regex GcLine();
}
