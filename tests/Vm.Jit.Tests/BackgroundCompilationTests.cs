using Vm.Jit.Engine;
using Vm.TestSupport;

namespace Vm.Jit.Tests;

/// <summary>Lazy mode's background compiler: functions the running code refers to are compiled before their first call.</summary>
public class BackgroundCompilationTests
{
    private static readonly string Program = HaxeCompiler.CompileText("BackgroundCompilation", """
        class BackgroundCompilation {
            static function neverCalled(n:Int):Int {
                var s = 0;
                for (i in 0...n) s += i * i;
                return s;
            }
            static function main() {
                if (Sys.args().length > 1000) Sys.println(neverCalled(10));
                Sys.println("done");
            }
        }
        """);

    private static int CompiledBodies(VirtualMachine vm) => vm.Statistics.CompiledFunctions;

    [Fact]
    public void A_function_the_program_refers_to_but_has_not_called_is_compiled_by_the_background_compiler()
    {
        using var output = new MemoryStream();
        using var vm = VirtualMachine.Load(Program, new VmOptions { Mode = ExecutionMode.Lazy, StandardOutput = output, BackgroundCompilation = true });
        Assert.Equal(0, vm.Run());
        Assert.Equal("done\n", System.Text.Encoding.UTF8.GetString(output.ToArray()));
        // The helper works at its own pace: wait (generously) for it to reach the function main refers to.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (vm.Statistics.BackgroundCompiledFunctions == 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(10);
        Assert.True(vm.Statistics.BackgroundCompiledFunctions > 0, "the background compiler compiled nothing");
        Assert.True(CompiledBodies(vm) > vm.Statistics.BackgroundCompiledFunctions);
    }

    [Fact]
    public void Without_the_background_compiler_only_called_functions_are_compiled()
    {
        using var output = new MemoryStream();
        using var vm = VirtualMachine.Load(Program, new VmOptions { Mode = ExecutionMode.Lazy, StandardOutput = output, BackgroundCompilation = false });
        Assert.Equal(0, vm.Run());
        var compiled = CompiledBodies(vm);
        Assert.Equal(compiled, CompiledBodies(vm));
        Assert.Equal(0, vm.Statistics.BackgroundCompiledFunctions);
        Assert.True(compiled < vm.Statistics.FunctionCount, "lazy mode compiles only what runs");
    }
}
