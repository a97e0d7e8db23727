using Vm.Jit.Engine;
using Vm.TestSupport;

namespace Vm.Jit.Tests;

/// <summary>
/// hl.Ref to a register holding a reference: the register lives in a heap box the collector sees, so what
/// it holds survives and moves with collections (checked under GC stress, collecting at every safepoint site).
/// </summary>
public class RegisterRefTests
{
    [Theory]
    [InlineData(ExecutionMode.Lazy)]
    [InlineData(ExecutionMode.Eager)]
    public void References_held_through_refs_to_registers_survive_moving_collections(ExecutionMode mode)
    {
        var path = HaxeCompiler.CompileText("RefBox", """
            class Node { public var v:Int; public var next:Node; public function new(v, n) { this.v = v; next = n; } }
            class RefBox {
                static function push(r:hl.Ref<Node>, v:Int) {
                    var junk = [];
                    for (i in 0...50) junk.push(new Node(i, null));
                    r.set(new Node(v, r.get()));
                }
                static function setStr(r:hl.Ref<String>, v:String) { r.set(r.get() + "," + v); }
                static function main() {
                    var list:Node = null;
                    var s:String = "start";
                    for (i in 0...20000) {
                        push(list, i);
                        if (i % 5000 == 0) setStr(s, "s" + i);
                    }
                    var n = 0, sum = 0;
                    while (list != null) { n++; sum += list.v; list = list.next; }
                    Sys.println(n + " " + sum + " " + s);
                }
            }
            """);
        using var output = new MemoryStream();
        using var vm = VirtualMachine.Load(path, new VmOptions { Mode = mode, StandardOutput = output, GcStress = true });
        Assert.Equal(0, vm.Run());
        // The output of the reference hl for this program.
        Assert.Equal("20000 199990000 start,s0,s5000,s10000,s15000\n", System.Text.Encoding.UTF8.GetString(output.ToArray()));
        Assert.True(vm.GcStatistics.MinorCollections > 100);
        Assert.True(vm.GcStatistics.HeapVerifications > 0);
    }
}
