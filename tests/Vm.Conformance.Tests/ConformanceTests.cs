using Vm.Jit.Engine;
using Vm.TestSupport;

namespace Vm.Conformance.Tests;

/// <summary>Runs the expected corpus programs in lazy and eager mode and compares stdout and exit code with the reference VM's.</summary>
public class ConformanceTests
{
    public static TheoryData<string, ExecutionMode> ExpectedRuns()
    {
        var data = new TheoryData<string, ExecutionMode>();
        foreach (var p in ConformanceCatalog.Expected)
            foreach (var mode in new[] { ExecutionMode.Lazy, ExecutionMode.Eager })
                data.Add(p, mode);
        return data;
    }

    [Theory]
    [MemberData(nameof(ExpectedRuns))]
    public void Program_prints_exactly_what_hl_prints(string program, ExecutionMode mode) =>
        Check(program, mode, ProgramRunner.Run(RepoPaths.Conformance, program, mode));

    internal static void Check(string program, ExecutionMode mode, RunResult result)
    {
        var dir = RepoPaths.Conformance;
        var expectedOut = File.ReadAllText(Path.Combine(dir, program + ".out"));
        var exitFile = Path.Combine(dir, program + ".exit");
        var expectedExit = File.Exists(exitFile) ? int.Parse(File.ReadAllText(exitFile).Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (result.Stdout != expectedOut)
            Assert.Fail($"{program} ({mode}) stdout differs from hl's:\n{TextDiff.Unified(expectedOut, result.Stdout)}");
        Assert.Equal(expectedExit, result.ExitCode);
        // Eager mode lowers every function of the module: none may need an opcode the JIT lacks.
        Assert.Empty(result.UnsupportedFunctions);
    }

    [Fact]
    public void Every_corpus_program_is_either_expected_or_listed_as_not_yet()
    {
        var all = CorpusPrograms.Conformance().ToHashSet();
        var listed = ConformanceCatalog.Expected.Concat(ConformanceCatalog.NotYetExpected).ToList();
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(all.Order(), listed.Order());
    }
}
