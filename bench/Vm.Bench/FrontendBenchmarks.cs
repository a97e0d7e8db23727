using BenchmarkDotNet.Attributes;
using Vm.Frontend.Cfg;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;

namespace Vm.Bench;

/// <summary>Start-up cost of the frontend: reading a module and building the CFGs of all its functions.</summary>
[MemoryDiagnoser]
public class FrontendBenchmarks
{
    private byte[] _bytes = [];
    private HlModule _module = null!;

    [Params("Hello", "DeltaBlue", "JsonRoundTrip")]
    public string Program { get; set; } = "Hello";

    [GlobalSetup]
    public void Setup()
    {
        _bytes = File.ReadAllBytes(BenchPrograms.Compile(Program));
        _module = BytecodeReader.Read(_bytes);
    }

    [Benchmark]
    public HlModule ReadModule() => BytecodeReader.Read(_bytes);

    [Benchmark]
    public int BuildAllCfgs()
    {
        var blocks = 0;
        foreach (var f in _module.Functions)
            blocks += CfgBuilder.Build(f).Blocks.Count;
        return blocks;
    }
}
