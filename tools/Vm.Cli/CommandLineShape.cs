using System.CommandLine;

namespace Vm.Cli;

/// <summary>
/// hl's command line is `hl file.hl args...`: everything after the file belongs to the program, even
/// words starting with '-'. This turns `vm [options] file.hl args...` into `vm run [options] file.hl -- args...`.
/// </summary>
internal static class CommandLineShape
{
    public static string[] Normalize(string[] args, RootCommand root)
    {
        if (args.Length == 0)
            return args;
        var first = args[0];
        var isSubcommand = root.Subcommands.Any(c => c.Name == first);
        if (isSubcommand && first != "run")
            return args;
        if (!isSubcommand && (first is "-h" or "--help" or "-?" or "--version"))
            return args;
        var rest = isSubcommand ? args[1..] : args;
        var result = new List<string> { "run" };
        for (var i = 0; i < rest.Length; i++)
        {
            var a = rest[i];
            if (a == "--")
            {
                result.AddRange(rest[i..]);
                return result.ToArray();
            }
            if (a.StartsWith('-'))
            {
                result.Add(a);
                // --mode takes a value.
                if (a == RunCommand.Mode.Name && i + 1 < rest.Length)
                    result.Add(rest[++i]);
                continue;
            }
            // The program file: the rest is the program's.
            result.Add(a);
            result.Add("--");
            result.AddRange(rest[(i + 1)..]);
            return result.ToArray();
        }
        return result.ToArray();
    }
}
