using Vm.Jit.Engine;
using Vm.TestSupport;

namespace Vm.Jit.Tests;

/// <summary>The host's view of the collector: collections on demand between runs, statistics, a sound heap.</summary>
public class HostCollectionTests
{
    [Theory]
    [InlineData(ExecutionMode.Lazy)]
    [InlineData(ExecutionMode.Eager)]
    public void A_host_collects_the_nursery_and_the_whole_heap_between_calls_and_reads_statistics(ExecutionMode mode)
    {
        var path = HaxeCompiler.CompileText("HostCollection", """
            class Node { public var next:Node; public var text:String; public function new(n, t) { next = n; text = t; } }
            class HostCollection {
                static var keep:Node;
                static function main() {
                    var list:Node = null;
                    for (i in 0...200000) {
                        var garbage = new Node(null, "g" + i);
                        if (i % 100 == 0) list = new Node(list, "n" + i);
                    }
                    keep = list;
                    var n = 0;
                    while (list != null) { n++; list = list.next; }
                    Sys.println("kept " + n);
                }
            }
            """);
        using var output = new MemoryStream();
        using var vm = VirtualMachine.Load(path, new VmOptions { Mode = mode, StandardOutput = output });
        Assert.Equal(0, vm.Run());
        Assert.Equal("kept 2000\n", System.Text.Encoding.UTF8.GetString(output.ToArray()));
        var minorBefore = vm.GcStatistics.MinorCollections;
        Assert.True(minorBefore > 0, "200 000 allocations fill the nursery several times");

        vm.CollectNursery();
        Assert.Equal(minorBefore + 1, vm.GcStatistics.MinorCollections);
        vm.CollectFull();
        Assert.Equal(1, vm.GcStatistics.MajorCollections);
        Assert.True(vm.GcStatistics.BytesPromoted > 0);
        Assert.Equal(0, vm.Heap.Young.EdenUsed);
        var report = vm.VerifyHeap();
        Assert.True(report.Count == 0, string.Join("\n", report.Take(20)));
        // What the global still reaches survived: 2000 nodes and their strings.
        Assert.True(report.Blocks >= 2000 * 2, report.ToString());
    }
}
