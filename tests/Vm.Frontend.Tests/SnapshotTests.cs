using Vm.Frontend.Cfg;
using Vm.Frontend.Disassembly;
using Vm.Frontend.Reading;
using Vm.TestSupport;

namespace Vm.Frontend.Tests;

/// <summary>Approved dumps of functions of the conformance programs: CFGs with loops, switches and traps, and a disassembly.</summary>
public class SnapshotTests
{
    public static TheoryData<string, string> CfgCases() => new()
    {
        { "ControlFlow", "$ControlFlow.dense" },
        { "ControlFlow", "$ControlFlow.collatz" },
        { "ControlFlow", "$ControlFlow.word" },
        { "Exceptions", "$Exceptions.nested" },
        { "Exceptions", "$Exceptions.rethrow" },
        { "PatternMatching", "$PatternMatching.intRange" },
    };

    [Theory]
    [MemberData(nameof(CfgCases))]
    public void Cfg_dump_matches_the_approved_snapshot(string program, string function)
    {
        var module = BytecodeReader.ReadFile(HaxeCompiler.Compile(RepoPaths.Conformance, program));
        var f = Assert.Single(module.FindFunctions(function));
        var text = new StringWriter();
        new Disassembler(module).WriteFunction(text, f);
        CfgPrinter.Write(text, CfgBuilder.Build(f));
        Snapshot.Match($"cfg.{program}.{function.TrimStart('$')}", text.ToString());
    }

    [Fact]
    public void Disassembly_resolves_names_and_positions()
    {
        var module = BytecodeReader.ReadFile(HaxeCompiler.Compile(RepoPaths.Conformance, "SimpleClasses"));
        var text = new StringWriter();
        var dis = new Disassembler(module);
        var point = module.Functions.Where(f => f.Name.StartsWith("Point.", StringComparison.Ordinal) || f.Name.StartsWith("$Point.", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, point.Count);
        foreach (var f in point)
            dis.WriteFunction(text, f);
        Snapshot.Match("dis.SimpleClasses.Point", text.ToString());
    }
}
