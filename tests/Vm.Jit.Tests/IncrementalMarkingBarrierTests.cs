using Vm.Jit.Engine;
using Vm.Runtime.Gc;
using Vm.TestSupport;

namespace Vm.Jit.Tests;

/// <summary>
/// JIT code's write barrier during an incremental marking: references moved between old blocks (no young
/// value involved, which outside a marking leaves cards clean) must dirty cards, or the block that received
/// a reference after the marking scanned it hides it, and the sweep frees a live object.
/// </summary>
public class IncrementalMarkingBarrierTests
{
    // Swaps items between old boxes while markings run in small slices; a lost item is freed and its cell
    // reused by the garbage items, which changes the sum (or the heap check finds a reference to a free cell).
    private static readonly string Program = HaxeCompiler.CompileText("OldToOldMoves", """
        class Box { public var item:Item; public function new() {} }
        class Item { public var v:Int; public var pad:Array<Int>; public function new(v) { this.v = v; pad = [v, v + 1]; } }
        class OldToOldMoves {
            static function main() {
                var n = 20000;
                var boxes = [for (i in 0...n) new Box()];
                for (i in 0...n) boxes[i].item = new Item(i);
                var garbage = 0;
                var ring = new Array<Item>(); // garbage that lives long enough to be promoted: markings keep coming
                for (round in 0...150) {
                    for (k in 0...2000) {
                        var a = boxes[(round * 7919 + k * 31) % n];
                        var b = boxes[(round * 104729 + k * 17) % n];
                        var t = a.item; a.item = b.item; b.item = t;
                    }
                    for (k in 0...3000) { var g = new Item(k); ring[(round * 3000 + k) % 15000] = g; garbage += g.pad.length; }
                }
                var sum = 0;
                for (b in boxes) sum += b.item.v + b.item.pad[1] - b.item.pad[0];
                Sys.println(sum + " " + garbage);
            }
        }
        """);

    [Theory]
    [InlineData(ExecutionMode.Lazy)]
    [InlineData(ExecutionMode.Eager)]
    public void References_moved_between_old_blocks_during_a_marking_survive_it(ExecutionMode mode)
    {
        using var output = new MemoryStream();
        var gc = new GcOptions { InitialOldLimit = 1 << 20, IncrementalMarkingThreshold = 0, MarkSliceBytes = 256, NurserySize = 256 << 10 };
        using var vm = VirtualMachine.Load(Program, new VmOptions { Mode = mode, StandardOutput = output, Gc = gc });
        Assert.Equal(0, vm.Run());
        Assert.Equal("200010000 900000\n", System.Text.Encoding.UTF8.GetString(output.ToArray()));
        Assert.True(vm.GcStatistics.MarkingCycles > 3, "markings ran while the items moved");
        var report = vm.VerifyHeap();
        Assert.True(report.Count == 0, string.Join("\n", report.Take(20)));
    }
}
