using System.Diagnostics;

namespace Vm.Bench;

/// <summary>Compiles a program of ../shared/bench with haxe into a temporary folder.</summary>
internal static class BenchPrograms
{
    public static string Compile(string name) =>
        CompileIn(Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "bench")), name);

    /// <summary>Writes Haxe source text as <paramref name="name"/>.hx in the temporary folder and compiles it there.</summary>
    public static string CompileSource(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "vm-bench");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name + ".hx"), text);
        return CompileIn(dir, name);
    }

    /// <summary>Compiles <paramref name="source"/>/<paramref name="name"/>.hx into the temporary folder.</summary>
    public static string CompileIn(string source, string name)
    {
        var output = Path.Combine(Path.GetTempPath(), "vm-bench", name + ".hl");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var psi = new ProcessStartInfo("haxe", ["-cp", source, "-main", name, "-hl", output]) { RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"haxe failed for {name}: {err}");
        return output;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vm.sln")))
                return dir.FullName;
        throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}
