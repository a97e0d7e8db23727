using System.Globalization;

namespace Vm.BenchRunner;

/// <summary>
/// vm-bench [--runs N] [--mode lazy|eager] [--reference CMD] [--only A,B] [--size N]
/// Compiles every program of ../shared/bench and bench/programs, runs each through vm (and the reference command,
/// alternating), checks the result line against the suite's README and prints one row per program.
/// </summary>
internal static class BenchCommandLine
{
    public static int Run(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--runs": options.Runs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--mode": options.Mode = Value(); break;
                case "--reference": options.Reference = Value(); break;
                case "--only": options.Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--size": options.Size = Value(); break;
                case "--help" or "-h":
                    Console.WriteLine("vm-bench [--runs N] [--mode lazy|eager] [--reference CMD] [--only A,B] [--size N]");
                    return 0;
                default:
                    Console.Error.WriteLine($"vm-bench: unknown argument '{args[i]}' (see --help)");
                    return 2;
            }
        }
        try
        {
            return new BenchSuite(options).Run(Console.Out);
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException)
        {
            Console.Error.WriteLine("vm-bench: " + e.Message);
            return 1;
        }
    }
}

internal sealed class BenchOptions
{
    public int Runs { get; set; } = 1;
    public string Mode { get; set; } = "lazy";
    public string? Reference { get; set; }
    public string[]? Only { get; set; }
    public string? Size { get; set; }
}
