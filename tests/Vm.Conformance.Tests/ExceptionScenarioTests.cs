using Vm.Jit.Engine;

namespace Vm.Conformance.Tests;

/// <summary>Exceptions through deep stacks, loops, natives calling closures, rethrow and the uncaught report.</summary>
public class ExceptionScenarioTests
{
    public static TheoryData<ExecutionMode> Modes() => new(ExecutionMode.Lazy, ExecutionMode.Eager);

    [Theory]
    [MemberData(nameof(Modes))]
    public void Throw_across_100_frames_is_caught_with_every_frame_on_the_stack(ExecutionMode mode)
    {
        var r = ProgramRunner.RunSource("Deep100", """
            class Deep100 {
                static function dive(n:Int):Int {
                    if (n == 0) throw "bottom";
                    return dive(n - 1) + 1;
                }
                static function main() {
                    try {
                        dive(100);
                    } catch (e:String) {
                        var frames = @:privateAccess haxe.NativeStackTrace.exceptionStack();
                        Sys.println(e + " " + frames.length);
                        Sys.println(@:privateAccess String.fromUCS2(frames[0]));
                        Sys.println(@:privateAccess String.fromUCS2(frames[100]));
                    }
                }
            }
            """, mode);
        Assert.Equal("bottom 103\n$Deep100.dive(Deep100.hx:3)\n$Deep100.dive(Deep100.hx:4)\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Catch_in_a_loop_100k_times(ExecutionMode mode)
    {
        var r = ProgramRunner.RunSource("CatchLoop", """
            class CatchLoop {
                static function check(i:Int):Int {
                    if (i % 3 != 5) throw i;
                    return i;
                }
                static function main() {
                    var caught = 0, sum = 0.0;
                    for (i in 0...100000) {
                        try { check(i); } catch (e:Int) { caught++; sum += e; }
                    }
                    Sys.println(caught + " " + sum);
                }
            }
            """, mode);
        Assert.Equal("100000 4999950000\n", r.Stdout);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Exception_from_a_sort_comparator_reaches_the_caller(ExecutionMode mode)
    {
        var r = ProgramRunner.RunSource("SortThrow", """
            class SortThrow {
                static function main() {
                    var a = [5, 3, 9, 1, 7];
                    var calls = 0;
                    try {
                        a.sort(function(x, y) { if (++calls == 3) throw "cmp " + x + " " + y; return x - y; });
                        Sys.println("not reached");
                    } catch (e:String) {
                        Sys.println("caught " + e + " after " + calls + " calls, " + a.length + " elements");
                    }
                    a.sort(function(x, y) return x - y);
                    Sys.println(a.join(","));
                }
            }
            """, mode);
        Assert.StartsWith("caught cmp ", r.Stdout);
        Assert.Contains(" after 3 calls, 5 elements\n1,3,5,7,9\n", r.Stdout);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Rethrow_keeps_the_stack_of_the_original_throw(ExecutionMode mode)
    {
        var r = ProgramRunner.RunSource("Rethrow", """
            class Rethrow {
                static function fail() { throw "first"; }
                static function middle() {
                    try { fail(); } catch (e:Dynamic) { Sys.println("middle saw " + e); hl.Api.rethrow(e); }
                }
                static function main() {
                    try { middle(); } catch (e:Dynamic) {
                        var frames = @:privateAccess haxe.NativeStackTrace.exceptionStack();
                        Sys.println("main saw " + e + " from " + @:privateAccess String.fromUCS2(frames[0]));
                    }
                }
            }
            """, mode);
        Assert.Equal("middle saw first\nmain saw first from $Rethrow.fail(Rethrow.hx:2)\n", r.Stdout);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Exception_in_a_closure_called_by_a_native_inside_a_trap(ExecutionMode mode)
    {
        var r = ProgramRunner.RunSource("NativeCallback", """
            class NativeCallback {
                static function main() {
                    var f = function(x:Int):Int { if (x > 1) throw "too big " + x; return x * 10; };
                    Sys.println(Reflect.callMethod(null, f, [1]));
                    try {
                        Reflect.callMethod(null, f, [2]);
                        Sys.println("not reached");
                    } catch (e:String) {
                        Sys.println("caught " + e);
                    }
                    Sys.println("done");
                }
            }
            """, mode);
        Assert.Equal("10\ncaught too big 2\ndone\n", r.Stdout);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Uncaught_exception_prints_the_report_and_exits_with_1(ExecutionMode mode)
    {
        var r = ProgramRunner.RunSource("Uncaught", """
            class Uncaught {
                static function boom(n:Int) { if (n > 2) throw "boom " + n; }
                static function main() {
                    Sys.println("before");
                    for (i in 0...5) boom(i);
                    Sys.println("never");
                }
            }
            """, mode);
        Assert.Equal("before\nUncaught exception: boom 3\nCalled from $Uncaught.boom(Uncaught.hx:2)\nCalled from $Uncaught.main(Uncaught.hx:5)\nCalled from .init(?:1)\n", r.Stdout);
        Assert.Equal(1, r.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Runaway_recursion_is_a_catchable_stack_overflow(ExecutionMode mode)
    {
        var r = ProgramRunner.RunSource("Runaway", """
            class Runaway {
                static function down(n:Int):Int { return down(n + 1) + 1; }
                static function main() {
                    // Runtime errors are raised as hl.Bytes messages, so they are caught as Dynamic.
                    try { down(0); } catch (e:Dynamic) { Sys.println("caught " + e); }
                    Sys.println("still running");
                }
            }
            """, mode);
        Assert.Equal("caught Stack overflow\nstill running\n", r.Stdout);
    }
}
