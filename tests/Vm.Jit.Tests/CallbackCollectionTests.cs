using Vm.Jit.Engine;
using Vm.TestSupport;

namespace Vm.Jit.Tests;

/// <summary>
/// Collections inside HL code called back from C# (dynamic calls and method calls, function-cast wrappers): where the native allows it, objects move
/// during the callback and the HL frames outside it are found through the callback shim; where it does not,
/// the collection waits for the callback to return.
/// </summary>
public class CallbackCollectionTests
{
    private static readonly string Program = HaxeCompiler.CompileText("CallbackCollection", """
        class Node { public var next:Node; public var v:Int; public function new(n, v) { next = n; this.v = v; } }
        class Printable { var n:Int; public function new(n) { this.n = n; }
            public function toString():String { return "p" + CallbackCollection.work(60000, null); } }
        class Worker { public function new() {} public function run(n:Int, keep:Node):Int return CallbackCollection.work(n, keep); }
        class CallbackCollection {
            public static function work(n:Int, keep:Node):Int {
                var list:Node = null;
                for (i in 0...n) { var g = new Node(null, i); if (i % 100 == 0) list = new Node(list, i); }
                var s = 0;
                while (list != null) { s += list.v; list = list.next; }
                while (keep != null) { s += keep.v; keep = keep.next; }
                return s;
            }
            static function main() {
                var keep:Node = null;
                for (i in 0...50) keep = new Node(keep, i);
                var before = new Node(keep, 1000); // live across the callbacks in main's frame
                var f:Dynamic = work;
                var wrapped:Float->Node->Float = f; // a function-cast wrapper: its stub calls the runtime
                var worker:Dynamic = new Worker();
                var total = 0;
                for (round in 0...5) {
                    total += Reflect.callMethod(null, f, [100000, keep]);
                    total += f(100000, keep);
                    total += Std.int(wrapped(100000.0, keep));
                    total += worker.run(100000, keep); // a method call on a Dynamic
                }
                Sys.println("total " + total + " before " + before.v + " " + before.next.v);
                if (Sys.args().length > 0) Sys.println(Std.string([new Printable(1)]));
            }
        }
        """);

    [Theory]
    [InlineData(ExecutionMode.Lazy, false)]
    [InlineData(ExecutionMode.Eager, false)]
    [InlineData(ExecutionMode.Lazy, true)]
    public void Collections_run_and_move_objects_inside_dynamic_calls(ExecutionMode mode, bool stress)
    {
        using var output = new MemoryStream();
        using var vm = VirtualMachine.Load(Program, new VmOptions { Mode = mode, StandardOutput = output, GcStress = stress });
        Assert.Equal(0, vm.Run());
        // The reference VM prints the same.
        Assert.Equal("total 999024500 before 1000 49\n", System.Text.Encoding.UTF8.GetString(output.ToArray()));
        Assert.True(vm.GcStatistics.MinorCollections > 10, "the callbacks allocate enough to fill the nursery many times");
        Assert.Equal(0, vm.GcStatistics.Deferred);
        var report = vm.VerifyHeap();
        Assert.True(report.Count == 0, string.Join("\n", report.Take(20)));
    }

    [Fact]
    public void A_callback_whose_native_holds_heap_addresses_defers_collections_until_it_returns()
    {
        using var output = new MemoryStream();
        using var vm = VirtualMachine.Load(Program, new VmOptions { StandardOutput = output, Arguments = ["toString"] });
        Assert.Equal(0, vm.Run());
        Assert.EndsWith("[p17970000]\n", System.Text.Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
        // Std.string of an array walks it in C# and calls toString on each element: that walk holds raw addresses.
        Assert.True(vm.GcStatistics.Deferred > 0, "collections wait while value_to_string's callback runs");
    }
}
