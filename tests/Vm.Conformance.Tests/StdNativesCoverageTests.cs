using System.Text.RegularExpressions;
using Vm.Frontend.Reading;
using Vm.Runtime.Natives;
using Vm.TestSupport;

namespace Vm.Conformance.Tests;

/// <summary>
/// Every `std` native the Haxe 4.2.5 standard library declares (a program pulling in every module with
/// natives, compiled without dead-code elimination) is implemented, or listed in docs/natives.md as not
/// supported — only threads, sockets and processes may be.
/// </summary>
public partial class StdNativesCoverageTests
{
    private static readonly string[] AllowedUnsupportedPrefixes = ["thread_", "socket_", "process_", "host_", "lock_", "semaphore_", "condition_"];

    private static (IReadOnlyList<string> Declared, Dictionary<string, string> Table) Load()
    {
        var dir = Path.Combine(RepoPaths.Root, "tests", "Vm.Conformance.Tests", "Programs");
        var module = BytecodeReader.ReadFile(HaxeCompiler.Compile(dir, "AllStdNatives", "-dce", "no"));
        var declared = module.Natives.Where(n => n.Library == "std").Select(n => n.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new Dictionary<string, string>();
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Root, "docs", "natives.md")))
        {
            var m = Row().Match(line);
            if (m.Success)
                table[m.Groups["name"].Value] = m.Groups["status"].Value.Trim();
        }
        return (declared, table);
    }

    [Fact]
    public void Every_declared_std_native_is_implemented_or_listed_as_not_supported()
    {
        var (declared, table) = Load();
        Assert.True(declared.Count > 200, $"only {declared.Count} std natives found: the program no longer pulls in the whole library");
        var registry = NativeRegistry.CreateDefault();
        var problems = new List<string>();
        foreach (var name in declared)
        {
            var implemented = registry.Find("std", name) is not null;
            if (!table.TryGetValue(name, out var status))
                problems.Add($"std.{name} is missing from docs/natives.md");
            else if (implemented != (status == "implemented"))
                problems.Add($"std.{name}: docs/natives.md says '{status}' but it is {(implemented ? "" : "not ")}implemented");
            else if (!implemented && !AllowedUnsupportedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
                problems.Add($"std.{name} is not implemented (only threads, sockets and processes may stay out)");
        }
        foreach (var listed in table.Keys.Except(declared))
            problems.Add($"docs/natives.md lists std.{listed}, which the standard library does not declare");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [GeneratedRegex(@"^\|\s*`std\.(?<name>[a-z0-9_]+)`\s*\|(?<status>[^|]+)\|")]
    private static partial Regex Row();
}
