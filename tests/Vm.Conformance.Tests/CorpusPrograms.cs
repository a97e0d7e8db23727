using Vm.TestSupport;

namespace Vm.Conformance.Tests;

/// <summary>The programs of the shared conformance corpus and benchmark suite.</summary>
public static class CorpusPrograms
{
    public static IEnumerable<string> Conformance() => Names(RepoPaths.Conformance);

    public static IEnumerable<string> Bench() => Names(RepoPaths.Bench);

    private static IEnumerable<string> Names(string dir)
    {
        var names = Directory.GetFiles(dir, "*.hx").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
            throw new InvalidOperationException($"no .hx programs in {dir}");
        return names;
    }
}
