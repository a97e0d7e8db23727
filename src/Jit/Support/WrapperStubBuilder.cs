using Vm.Frontend.Model;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Runtime.Threading;

namespace Vm.Jit.Support;

/// <summary>
/// Function-cast wrappers (HashLink's get_wrapper): a function with the convention of a closure of one
/// type whose bound value is the wrapper closure; it spills its arguments to 8-byte slots and lets the
/// runtime (rt_wrapper_call) call the wrapped closure with converted arguments.
/// </summary>
internal static class WrapperStubBuilder
{
    public static string Symbol(string key) => "vm.wrapper." + key;

    public static LlvmModule Build(OrcJit jit, RuntimeHelperTable helpers, string key, FunctionSignature sig)
    {
        var m = jit.CreateModule(Symbol(key));
        var c = m.Context;
        var types = new HlTypeMap(c);
        var fn = m.Function(Symbol(key), types.HlFunction(sig, withBoundValue: true));
        m.AddFunctionAttribute(fn, c.StringAttribute("frame-pointer", "all"));
        var helper = helpers.Find("rt_wrapper_call") ?? throw new InvalidOperationException("runtime helper rt_wrapper_call is missing");
        var call = m.Function(helper.Name, RuntimeHelperTable.LlvmType(c, helper.Method));
        var raise = SupportModule.Declare(m, Symbols.RaisePending, c.Function(c.Void, [c.Ptr]));

        using var b = new IrBuilder(c);
        b.PositionAtEnd(m.AppendBlock(fn, "entry"));
        var ctx = fn.Param(0);
        var slots = b.Alloca(c.Struct(Enumerable.Repeat(c.I64, Math.Max(1, sig.Args.Count)).ToArray()), "slots");
        for (var i = 0; i < sig.Args.Count; i++)
        {
            var at = b.ByteOffset(slots, 8L * i);
            b.Store(c.ConstInt(c.I64, 0), at);
            if (!HlTypeMap.IsVoid(sig.Args[i]))
                b.Store(fn.Param(i + 2), at);
        }
        // The stub is the callback shim of its own runtime call (it holds no reference after it): a collection
        // inside the wrapped closure resumes its stack walk here, at the caller's call to the stub.
        var outer = CallbackShimFrame.Enter(b, m, ctx);
        var result = b.Call(call, [fn.Param(1), slots]);
        CallbackShimFrame.Exit(b, ctx, outer);
        var flag = b.Load(c.I32, b.ByteOffset(ctx, ThreadContextData.PendingExceptionOffset));
        var pending = m.AppendBlock(fn, "pending");
        var done = m.AppendBlock(fn, "done");
        b.CondBr(b.ICmp(IntPredicate.Ne, flag, c.ConstInt(c.I32, 0)), pending, done);
        b.PositionAtEnd(pending);
        b.Call(raise, [ctx]);
        b.Unreachable();
        b.PositionAtEnd(done);
        switch (sig.Return.Kind)
        {
            case TypeKind.Void:
                b.RetVoid();
                break;
            case TypeKind.F64:
                b.Ret(b.BitCast(result, c.F64));
                break;
            case TypeKind.F32:
                b.Ret(b.BitCast(b.Trunc(result, c.I32), c.F32));
                break;
            case TypeKind.I64 or TypeKind.Guid:
                b.Ret(result);
                break;
            default:
                var t = types.Of(sig.Return);
                b.Ret(t == c.GcPtr ? b.CoercePointer(b.IntToPtr(result, c.Ptr), c.GcPtr) : b.Trunc(result, t));
                break;
        }
        return m;
    }
}
