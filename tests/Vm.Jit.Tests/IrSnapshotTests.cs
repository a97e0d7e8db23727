using System.Text.RegularExpressions;
using Vm.Frontend.Reading;
using Vm.Runtime;
using Vm.TestSupport;

namespace Vm.Jit.Tests;

/// <summary>Approved LLVM IR of a few functions, as lowered and after the O2 pipeline.</summary>
public partial class IrSnapshotTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "IntArith", "$IntArith.hex" },
        { "ControlFlow", "$ControlFlow.collatz" },
        { "SimpleClasses", "Point.add" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ir_matches_the_approved_snapshot(string program, string function)
    {
        var module = BytecodeReader.ReadFile(HaxeCompiler.Compile(RepoPaths.Conformance, program));
        using var runtime = new VmRuntime(module, new RuntimeOptions { StandardOutput = Stream.Null });
        var f = Assert.Single(module.FindFunctions(function));
        var (lowered, optimized) = IrDump.Of(runtime, f);
        var text = $"; as lowered\n{lowered}\n; optimized\n{optimized}";
        Snapshot.Match($"ir.{program}.{function.TrimStart('$')}", Stable(text));
    }

    // Runtime addresses (type descriptors, globals, constants) differ from run to run.
    private static string Stable(string ir) => Address().Replace(ir, "inttoptr (i64 <address> to ptr)");

    [GeneratedRegex(@"inttoptr \(i64 -?\d+ to ptr\)")]
    private static partial Regex Address();
}
