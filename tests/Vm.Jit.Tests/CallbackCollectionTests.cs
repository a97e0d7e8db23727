using Vm.Jit.Engine;
using Vm.TestSupport;

namespace Vm.Jit.Tests;

/// <summary>
/// Collections inside HL code called back from C# (dynamic calls and method calls, function-cast wrappers,
/// __string methods under Std.string, sort comparators, __cast methods under dynamic casts): where the native allows it, objects move during the
/// callback and the HL frames outside it are found through the callback shim (containers the native walks are
/// held in the thread's handle stack); where it does not, the collection waits for the callback to return.
/// </summary>
public class CallbackCollectionTests
{
    private static readonly string Program = HaxeCompiler.CompileText("CallbackCollection", """
        class Node { public var next:Node; public var v:Int; public function new(n, v) { next = n; this.v = v; } }
        class Printable { var n:Int; public function new(n) { this.n = n; }
            public function toString():String { return "p" + n + ":" + CallbackCollection.work(60000, null); } }
        class Ordered { public var n:Int; public function new(n) { this.n = n; }
            @:keep public function __compare(o:Dynamic):Int { CallbackCollection.work(60000, null); return n - (o:Ordered).n; } }
        class Target { public var n:Int; public function new(n) { this.n = n; } }
        class Convertible { var n:Int; public function new(n) { this.n = n; }
            @:keep function __cast(t:hl.Type):Dynamic { CallbackCollection.work(60000, null); return t == hl.Type.get(new Target(0)) ? new Target(n * 2) : null; } }
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
                if (Sys.args().length > 0) {
                    var a:Dynamic = new Ordered(3), b:Dynamic = new Ordered(5);
                    Sys.println("compare " + Reflect.compare(a, b) + " " + before.v);
                    return;
                }
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
                // value_to_string walks containers while toString runs
                var e = haxe.ds.Option.Some([new Printable(1), new Printable(2)]);
                Sys.println(Std.string({ list: [new Printable(3)], opt: e }));
                // a sort's comparator allocates: the buffer being sorted moves under it
                var ints = [for (i in 0...200) (i * 7919) % 1000];
                ints.sort(function(x, y) { work(3000, null); return x - y; });
                Sys.println(ints.slice(0, 8).join(",") + " " + ints[199] + " " + before.next.next.v);
                // a class's __cast method allocates: the dynamic cast's callback moves objects
                var c:Dynamic = new Convertible(21);
                var t:Target = c;
                Sys.println("cast " + t.n + " " + before.next.next.next.v);
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
        Assert.Equal("""
            total 999024500 before 1000 49
            {opt : Some([p1:17970000,p2:17970000]), list : [p3:17970000]}
            0,3,6,9,12,15,28,31 987 48
            cast 42 47

            """, System.Text.Encoding.UTF8.GetString(output.ToArray()));
        Assert.True(vm.GcStatistics.MinorCollections > 10, "the callbacks allocate enough to fill the nursery many times");
        Assert.Equal(0, vm.GcStatistics.Deferred);
        var report = vm.VerifyHeap();
        Assert.True(report.Count == 0, string.Join("\n", report.Take(20)));
    }

    [Fact]
    public void A_callback_whose_native_holds_heap_addresses_defers_collections_until_it_returns()
    {
        using var output = new MemoryStream();
        using var vm = VirtualMachine.Load(Program, new VmOptions { StandardOutput = output, Arguments = ["compare"] });
        Assert.Equal(0, vm.Run());
        Assert.Equal("compare -2 1000\n", System.Text.Encoding.UTF8.GetString(output.ToArray()));
        // Reflect.compare calls __compare from C# code that may still hold the operands' addresses.
        Assert.True(vm.GcStatistics.Deferred > 0, "collections wait while dyn_compare's callback runs");
    }
}
