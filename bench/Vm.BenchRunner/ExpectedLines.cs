using System.Text.RegularExpressions;

namespace Vm.BenchRunner;

/// <summary>The expected result line of each benchmark at its default size, read from the suite's README table.</summary>
internal static partial class ExpectedLines
{
    public static IReadOnlyDictionary<string, string> Read(string readme)
    {
        var result = new Dictionary<string, string>();
        foreach (var line in File.ReadLines(readme))
        {
            var m = Row().Match(line);
            if (m.Success)
                result[m.Groups["name"].Value] = m.Groups["line"].Value;
        }
        return result;
    }

    // | Name | what | size | `expected line` |
    [GeneratedRegex(@"^\|\s*(?<name>[A-Za-z]+)\s*\|.*\|\s*`(?<line>[^`]+)`\s*\|\s*$")]
    private static partial Regex Row();
}
