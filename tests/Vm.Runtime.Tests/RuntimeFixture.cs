using Vm.Frontend.Reading;
using Vm.Runtime.Threading;
using Vm.TestSupport;

namespace Vm.Runtime.Tests;

/// <summary>
/// A runtime over a small compiled Haxe program, bound to the calling thread, so natives can be
/// called through their function pointers exactly as JIT code calls them.
/// </summary>
public sealed class RuntimeFixture : IDisposable
{
    private readonly VmThread.Scope _scope;

    public RuntimeFixture(Stream? output = null, Runtime.Gc.GcOptions? gc = null)
    {
        var path = HaxeCompiler.CompileText("RuntimeFixtureProgram", """
            class RuntimeFixtureProgram {
                static function main() {
                    var m = new Map<String, Int>();
                    m.set("a", 1);
                    Sys.println(Std.string(m.get("a")) + " " + Math.sqrt(2.0));
                }
            }
            """);
        Runtime = new VmRuntime(BytecodeReader.ReadFile(path), new RuntimeOptions { StandardOutput = output ?? new MemoryStream(), Gc = gc ?? new Runtime.Gc.GcOptions() });
        Thread = new VmThread(Runtime);
        _scope = Thread.Enter();
    }

    public VmRuntime Runtime { get; }
    public VmThread Thread { get; }

    /// <summary>The pending exception message of the thread (as raised by HlErrors.Raise), and clears it; null when none.</summary>
    public unsafe string? TakePendingError()
    {
        var ctx = Thread.Context;
        if (ctx->PendingException == 0)
            return null;
        ctx->PendingException = 0;
        var box = ctx->ExceptionValue;
        return Values.HlStrings.ReadUtf16Z(*(nint*)(box + Values.ValueLayout.DynamicValue));
    }

    /// <summary>The function pointer of a registered native.</summary>
    public nint Native(string library, string name) =>
        Runtime.Options.Natives.Find(library, name)?.Address ?? throw new InvalidOperationException($"native {library}.{name} is not registered");

    public void Dispose()
    {
        _scope.Dispose();
        Thread.Dispose();
        Runtime.Dispose();
    }
}
