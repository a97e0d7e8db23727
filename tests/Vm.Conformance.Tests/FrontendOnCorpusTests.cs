using Vm.Cli;
using Vm.Frontend.Cfg;
using Vm.Frontend.Reading;
using Vm.TestSupport;

namespace Vm.Conformance.Tests;

/// <summary>
/// Every corpus and benchmark program compiles with Haxe, reads, disassembles (`vm dump`) and builds
/// a CFG for every function (`vm dump --cfg`). Running them comes with the JIT.
/// </summary>
public class FrontendOnCorpusTests
{
    public static TheoryData<string> ConformancePrograms() => new(CorpusPrograms.Conformance());

    public static TheoryData<string> BenchPrograms() => new(CorpusPrograms.Bench());

    [Theory]
    [MemberData(nameof(ConformancePrograms))]
    public void Conformance_program_dumps_with_cfgs(string program) => DumpsCompletely(RepoPaths.Conformance, program);

    [Theory]
    [MemberData(nameof(BenchPrograms))]
    public void Bench_program_dumps_with_cfgs(string program) => DumpsCompletely(RepoPaths.Bench, program);

    [Fact]
    public void Corpus_has_the_expected_programs()
    {
        Assert.Equal(60, CorpusPrograms.Conformance().Count());
        Assert.All(CorpusPrograms.Conformance(), p => Assert.True(File.Exists(Path.Combine(RepoPaths.Conformance, p + ".out")), p + ".out missing"));
    }

    private static void DumpsCompletely(string dir, string program)
    {
        var path = HaxeCompiler.Compile(dir, program);
        var module = BytecodeReader.ReadFile(path);
        var output = new StringWriter();
        DumpCommand.Run(module, functionName: null, withCfg: true, output);
        var text = output.ToString();
        Assert.Contains("functions:", text);
        Assert.Contains("control-flow graphs:", text);
        foreach (var f in module.Functions)
        {
            var cfg = CfgBuilder.Build(f);
            Assert.True(cfg.Entry.IsReachable);
            Assert.Equal(f.Instructions.Count, cfg.Blocks.Sum(b => b.End - b.Start));
        }
        Assert.Equal(module.Functions.Count, text.Split("\ncfg ").Length - 1);
    }
}
