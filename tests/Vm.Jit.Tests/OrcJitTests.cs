using Vm.Jit.Llvm;

namespace Vm.Jit.Tests;

public unsafe class OrcJitTests
{
    private static LlvmModule AddModule(OrcJit jit, string name, int constant)
    {
        var m = jit.CreateModule(name);
        var c = m.Context;
        var f = m.Function(name, c.Function(c.I32, [c.I32, c.I32]));
        using var b = new IrBuilder(c);
        b.PositionAtEnd(m.AppendBlock(f, "entry"));
        b.Ret(b.Add(b.Add(f.Param(0), f.Param(1)), c.ConstInt(c.I32, constant)));
        return m;
    }

    [Fact]
    public void Eager_module_compiles_and_runs()
    {
        using var jit = new OrcJit();
        var m = AddModule(jit, "add1", 1);
        Assert.Null(m.Verify());
        jit.AddModule(m);
        var f = (delegate* unmanaged<int, int, int>)jit.Lookup("add1");
        Assert.Equal(42, f(40, 1));
    }

    [Fact]
    public void Lazy_function_is_built_only_when_first_called()
    {
        using var jit = new OrcJit();
        var produced = 0;
        jit.DefineLazy([("lazy_add", "lazy_add$body", () => { produced++; return AddModule(jit, "lazy_add$body", 100); })]);
        var stub = (delegate* unmanaged<int, int, int>)jit.Lookup("lazy_add");
        Assert.Equal(0, produced);
        Assert.Equal(103, stub(1, 2));
        Assert.Equal(1, produced);
        Assert.Equal(110, stub(5, 5));
        Assert.Equal(1, produced);
    }

    [Fact]
    public void Absolute_symbols_and_optimization_passes_work()
    {
        using var jit = new OrcJit();
        using var tm = new LlvmTargetMachine();
        delegate* unmanaged<int, int> twice = &Twice;
        jit.DefineAbsolute([("host_twice", (nint)twice)]);
        var m = jit.CreateModule("caller");
        var c = m.Context;
        var hostType = c.Function(c.I32, [c.I32]);
        var host = m.Function("host_twice", hostType);
        var f = m.Function("call_host", c.Function(c.I32, [c.I32]));
        using (var b = new IrBuilder(c))
        {
            b.PositionAtEnd(m.AppendBlock(f, "entry"));
            b.Ret(b.Call(host, [b.Add(f.Param(0), c.ConstInt(c.I32, 1))]));
        }
        tm.RunPasses(m, "default<O2>");
        Assert.Null(m.Verify());
        jit.AddModule(m);
        Assert.Equal(22, ((delegate* unmanaged<int, int>)jit.Lookup("call_host"))(10));
    }

    [Fact]
    public void Llvm_errors_carry_llvm_messages()
    {
        using var jit = new OrcJit();
        var e = Assert.Throws<LlvmException>(() => jit.Lookup("no_such_symbol"));
        Assert.Contains("no_such_symbol", e.Message);
        using var tm = new LlvmTargetMachine();
        using var m = jit.CreateModule("m");
        Assert.Throws<LlvmException>(() => tm.RunPasses(m, "not-a-pass"));
    }

    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    private static int Twice(int x) => 2 * x;
}
