using System.Diagnostics;
using System.Globalization;

namespace Vm.BenchRunner;

/// <summary>One timed process run: its output, wall time, peak resident memory and exit code.</summary>
internal sealed record Measurement(string Stdout, string Stderr, int ExitCode, TimeSpan Wall, long PeakKilobytes);

/// <summary>
/// Runs a command under GNU time (`/usr/bin/time -f "%e %M"`), which reports the child's wall time and
/// peak resident set size without sampling.
/// </summary>
internal static class ProcessMeter
{
    private const string TimeMarker = "@@vm-bench";

    public static Measurement Run(IReadOnlyList<string> command, string workingDirectory)
    {
        if (!File.Exists("/usr/bin/time"))
            throw new InvalidOperationException("/usr/bin/time is missing (Debian package 'time'; scripts/setup.sh installs it)");
        var psi = new ProcessStartInfo("/usr/bin/time")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-f");
        psi.ArgumentList.Add(TimeMarker + " %e %M");
        foreach (var a in command)
            psi.ArgumentList.Add(a);
        psi.Environment["TZ"] = "UTC";
        psi.Environment["LC_ALL"] = "C";
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + command[0]);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        sw.Stop();
        var err = stderr.Result;
        var peak = 0L;
        var wall = sw.Elapsed;
        var lines = err.Split('\n');
        var kept = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith(TimeMarker, StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                wall = TimeSpan.FromSeconds(double.Parse(parts[1], CultureInfo.InvariantCulture));
                peak = long.Parse(parts[2], CultureInfo.InvariantCulture);
            }
            else
            {
                kept.Add(line);
            }
        }
        return new Measurement(stdout.Result, string.Join('\n', kept), p.ExitCode, wall, peak);
    }
}
