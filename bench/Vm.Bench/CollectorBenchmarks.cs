using BenchmarkDotNet.Attributes;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.Jit;
using Vm.Jit.Engine;

namespace Vm.Bench;

/// <summary>
/// The collector at the micro level: a minor collection whose cost is its survivors (a linked list of
/// N nodes, each with a string, kept by a static), and the write barrier (storing references into an
/// old array against storing integers into one).
/// </summary>
public class CollectorBenchmarks
{
    private const string Source = """
        class Node { public var next:Node; public var name:String; public function new(n, s) { next = n; name = s; } }
        class GcBench {
            static var keep:Node;
            static var refs:Array<Node> = [];
            static var ints:Array<Int> = [];
            public static function build(n:Int):Int {
                var list:Node = null;
                for (i in 0...n) list = new Node(list, "n" + (i & 255));
                keep = list;
                return n;
            }
            public static function prepare():Int {
                for (i in 0...1024) { refs.push(null); ints.push(0); }
                return 0;
            }
            public static function storeRefs(n:Int):Int {
                var node = new Node(null, "x");
                for (i in 0...n) refs[i & 1023] = node;
                return n;
            }
            public static function storeInts(n:Int):Int {
                for (i in 0...n) ints[i & 1023] = i;
                return n;
            }
            static function main() { build(1); prepare(); storeRefs(1); storeInts(1); }
        }
        """;

    private VirtualMachine _vm = null!;
    private HlFunction _build = null!, _storeRefs = null!, _storeInts = null!;

    [Params(10_000, 100_000)]
    public int Survivors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var module = BytecodeReader.ReadFile(BenchPrograms.CompileSource("GcBench", Source));
        // A nursery large enough that building the list does not collect by itself.
        _vm = VirtualMachine.Load(module, new VmOptions
        {
            Mode = ExecutionMode.Eager, StandardOutput = Stream.Null,
            Gc = new Runtime.Gc.GcOptions { NurserySize = 64L << 20, SurvivorSize = 32L << 20 },
        });
        _vm.Run();
        _vm.CollectFull(); // the arrays are old now: stores into them go through the barrier's slow side
        _build = module.FindFunctions("GcBench.build").Single();
        _storeRefs = module.FindFunctions("GcBench.storeRefs").Single();
        _storeInts = module.FindFunctions("GcBench.storeInts").Single();
    }

    [IterationSetup(Target = nameof(MinorCollection))]
    public void BuildSurvivors()
    {
        _vm.CollectFull();
        _vm.Call(_build, (ulong)Survivors);
    }

    /// <summary>A minor collection that copies Survivors nodes and their strings.</summary>
    [Benchmark]
    public void MinorCollection() => _vm.CollectNursery();

    /// <summary>One million integer stores into an old array (no barrier).</summary>
    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public ulong StoreInts() => _vm.Call(_storeInts, 1_000_000);

    /// <summary>One million reference stores of a young node into an old array (barrier marks the card).</summary>
    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public ulong StoreReferences() => _vm.Call(_storeRefs, 1_000_000);

    [GlobalCleanup]
    public void Cleanup() => _vm.Dispose();
}
