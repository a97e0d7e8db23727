using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.Jit.Engine;
using Vm.TestSupport;
using static Vm.TestSupport.ModuleBuilder;

namespace Vm.Jit.Tests;

/// <summary>Unsupported opcodes and unknown natives fail clearly, and only when reached.</summary>
public class ErrorReportingTests
{
    // entry: calls `good` (returns 7) or, with a true argument register, `bad`.
    private static (HlModule Module, HlFunction Entry, HlFunction Bad) Build(Instruction badInstruction, Action<ModuleBuilder>? extra = null)
    {
        var b = new ModuleBuilder();
        var v = b.Type(TypeKind.Void);
        var i32 = b.Type(TypeKind.I32);
        var boolean = b.Type(TypeKind.Bool);
        extra?.Invoke(b);
        var entry = b.ReserveFunctionIndex();
        var good = b.ReserveFunctionIndex();
        var bad = b.ReserveFunctionIndex();
        b.Int(7);
        b.Function(b.Fun([boolean], i32), [boolean, i32],
            [Op(Opcode.JFalse, 0, 2), Op(Opcode.Call0, 1, bad), Op(Opcode.Ret, 1), Op(Opcode.Call0, 1, good), Op(Opcode.Ret, 1)], functionIndex: entry);
        b.Function(b.Fun([], i32), [i32], [Op(Opcode.Int, 0, 0), Op(Opcode.Ret, 0)], functionIndex: good);
        b.Function(b.Fun([], i32), [i32], [badInstruction, Op(Opcode.Int, 0, 0), Op(Opcode.Ret, 0)], functionIndex: bad);
        b.EntryPoint = entry;
        var m = BytecodeReader.Read(b.Build());
        return (m, m.FunctionAt(entry)!, m.FunctionAt(bad)!);
    }

    [Theory]
    [InlineData(ExecutionMode.Lazy)]
    [InlineData(ExecutionMode.Eager)]
    public void Unsupported_opcode_raises_a_clear_error_only_when_called(ExecutionMode mode)
    {
        var (module, entry, bad) = Build(Op(Opcode.Asm, 0, 0, 0));
        using var vm = VirtualMachine.Load(module, new VmOptions { Mode = mode, StandardOutput = Stream.Null });
        Assert.Equal(7UL, vm.Call(entry, 0));
        var e = Assert.Throws<HlException>(() => vm.Call(entry, 1));
        Assert.Equal($"not supported yet: OAsm in {bad.Name}", e.Message);
        Assert.Contains(vm.Statistics.UnsupportedFunctions, u => u.Contains("OAsm", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ExecutionMode.Lazy)]
    [InlineData(ExecutionMode.Eager)]
    public void Unknown_native_raises_an_error_naming_it_when_called(ExecutionMode mode)
    {
        var nativeIndex = -1;
        var (module, entry, _) = Build(Op(Opcode.Call0, 0, 0), b =>
        {
            var i32 = b.Type(TypeKind.I32);
            nativeIndex = b.Native("nosuchlib", "nothing", b.Fun([], i32));
        });
        Assert.Equal(0, nativeIndex);
        using var vm = VirtualMachine.Load(module, new VmOptions { Mode = mode, StandardOutput = Stream.Null });
        Assert.Equal(1, vm.Statistics.MissingNatives);
        Assert.Equal(7UL, vm.Call(entry, 0));
        var e = Assert.Throws<HlException>(() => vm.Call(entry, 1));
        Assert.Equal("native not supported: nosuchlib.nothing", e.Message);
    }
}
