using BenchmarkDotNet.Attributes;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.Jit;
using Vm.Jit.Engine;

namespace Vm.Bench;

/// <summary>
/// Zero-cost exceptions: the same loop with and without a try/catch that never throws. With landing
/// pads (no setjmp at trap entry as in hl) both should run at the same speed.
/// </summary>
public class ExceptionCostBenchmarks
{
    private const string Source = """
        class TryCost {
            static var sink = 0;
            static function step(i:Int):Int { return (i * 7) ^ (i >> 3); }
            public static function plain(n:Int):Int {
                var s = 0;
                for (i in 0...n) s += step(i);
                return s;
            }
            public static function guarded(n:Int):Int {
                var s = 0;
                for (i in 0...n) {
                    try { s += step(i); } catch (e:Dynamic) { s -= 1; }
                }
                return s;
            }
            static function main() { sink = plain(10) + guarded(10); }
        }
        """;

    private VirtualMachine _vm = null!;
    private HlFunction _plain = null!;
    private HlFunction _guarded = null!;

    [Params(ExecutionMode.Lazy, ExecutionMode.Eager)]
    public ExecutionMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var module = BytecodeReader.ReadFile(BenchPrograms.CompileSource("TryCost", Source));
        _vm = VirtualMachine.Load(module, new VmOptions { Mode = Mode, StandardOutput = Stream.Null });
        _plain = module.FindFunctions("TryCost.plain").Single();
        _guarded = module.FindFunctions("TryCost.guarded").Single();
    }

    [Benchmark(Baseline = true)]
    public ulong WithoutTry() => _vm.Call(_plain, 1_000_000);

    [Benchmark]
    public ulong WithTryNeverThrowing() => _vm.Call(_guarded, 1_000_000);

    [GlobalCleanup]
    public void Cleanup() => _vm.Dispose();
}
