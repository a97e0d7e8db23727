using Vm.Frontend.Model;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Jit.Lowering;
using Vm.Runtime.Threading;

namespace Vm.Jit.Support;

/// <summary>
/// Gives a native the HL calling convention (context first) so it can be a closure, a bound field or a
/// method-table entry like any HL function; raises what the native leaves pending.
/// </summary>
internal static class NativeThunks
{
    public static void Define(ModuleLowering m, HlNative native, string symbol)
    {
        var c = m.Context;
        var sig = native.Type.Function!;
        var fn = m.Module.Function(symbol, m.Types.HlFunction(sig));
        m.Module.AddFunctionAttribute(fn, c.StringAttribute("frame-pointer", "all"));
        using var b = new IrBuilder(c);
        b.PositionAtEnd(m.Module.AppendBlock(fn, "entry"));
        var args = new LValue[sig.Args.Count];
        for (var i = 0; i < args.Length; i++)
            args[i] = fn.Param(i + 1);
        var result = b.Call(m.Native(native), args);
        var flag = b.Load(c.I32, b.ByteOffset(fn.Param(0), ThreadContextData.PendingExceptionOffset));
        var raise = m.Module.AppendBlock(fn, "raise");
        var done = m.Module.AppendBlock(fn, "done");
        b.CondBr(b.ICmp(IntPredicate.Ne, flag, c.ConstInt(c.I32, 0)), raise, done);
        b.PositionAtEnd(raise);
        b.Call(m.Support(Symbols.RaisePending), [fn.Param(0)]);
        b.Unreachable();
        b.PositionAtEnd(done);
        if (HlTypeMap.IsVoid(sig.Return))
            b.RetVoid();
        else
            b.Ret(result);
    }
}
