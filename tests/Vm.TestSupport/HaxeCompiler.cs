using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Vm.TestSupport;

/// <summary>
/// Compiles Haxe programs to HashLink bytecode with the system's haxe, caching the output by a hash
/// of the source and flags so repeated test runs do not recompile.
/// </summary>
public static class HaxeCompiler
{
    /// <summary>Compiles <paramref name="sourceDir"/>/<paramref name="main"/>.hx; returns the .hl path.</summary>
    public static string Compile(string sourceDir, string main, params string[] extraArgs)
    {
        var source = Path.Combine(sourceDir, main + ".hx");
        if (!File.Exists(source))
            throw new FileNotFoundException("Haxe source not found", source);
        var key = CacheKey(source, extraArgs);
        var outDir = Path.Combine(RepoPaths.Scratch, "haxe", key);
        var output = Path.Combine(outDir, main + ".hl");
        if (File.Exists(output))
            return output;
        Directory.CreateDirectory(outDir);
        var temp = Path.Combine(outDir, $"{main}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp.hl");
        var args = new List<string> { "-cp", sourceDir, "-main", main, "-hl", temp };
        args.AddRange(extraArgs);
        var (code, stdout, stderr) = Run("haxe", args, sourceDir);
        if (code != 0 || !File.Exists(temp))
            throw new InvalidOperationException($"haxe failed ({code}) for {source}:\n{stdout}{stderr}");
        File.Move(temp, output, overwrite: true);
        return output;
    }

    /// <summary>Compiles a program given as source text (written to a scratch folder).</summary>
    public static string CompileText(string main, string sourceText, params string[] extraArgs)
    {
        var dir = Path.Combine(RepoPaths.Scratch, "src", Hash(Encoding.UTF8.GetBytes(sourceText + main)));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, main + ".hx");
        if (!File.Exists(path))
            File.WriteAllText(path, sourceText);
        return Compile(dir, main, extraArgs);
    }

    private static string CacheKey(string source, string[] extraArgs)
    {
        var bytes = new List<byte>(File.ReadAllBytes(source));
        bytes.AddRange(Encoding.UTF8.GetBytes("\0" + string.Join("\0", extraArgs)));
        // Resources named with -resource are part of the output too.
        foreach (var arg in extraArgs)
        {
            var file = arg.Split('@')[0];
            if (File.Exists(file))
                bytes.AddRange(File.ReadAllBytes(file));
        }
        return Hash(bytes.ToArray());
    }

    private static string Hash(byte[] data) => Convert.ToHexString(SHA256.HashData(data))[..16].ToLowerInvariant();

    public static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string workingDirectory)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
