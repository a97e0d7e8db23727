using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Runtime.Threading;

namespace Vm.Jit.Support;

/// <summary>
/// Functions written directly in IR that every compiled module calls to raise exceptions through the
/// unwinder. The thrown value travels in the thread context (as HashLink's exc_value); each raising
/// entry point records the HL stack first from its own frame, except rethrow which keeps the stack.
/// </summary>
internal static class SupportModule
{
    public static LlvmModule Build(OrcJit jit, RuntimeHelperTable helpers)
    {
        var m = jit.CreateModule("vm.support");
        var c = m.Context;
        using var b = new IrBuilder(c);
        var ctxFn = c.Function(c.Void, [c.Ptr]);
        LFunction Helper(string name)
        {
            var h = helpers.Find(name) ?? throw new InvalidOperationException($"runtime helper {name} is missing");
            return m.Function(h.Name, RuntimeHelperTable.LlvmType(c, h.Method));
        }
        var capture = Helper("rt_capture_stack");

        // vm.throw_raw(ctx): a C++ exception carrying the context; catch sites read the value from the context.
        var raw = Define(m, Symbols.ThrowRaw, ctxFn);
        var alloc = m.Function(CxxRuntime.AllocateException, c.Function(c.Ptr, [c.I64]));
        var cxxThrow = m.Function(CxxRuntime.ThrowException, c.Function(c.Void, [c.Ptr, c.Ptr, c.Ptr]));
        var typeInfo = new LValue(LlvmCore.AddGlobal(m.Handle, c.Ptr.Handle, CxxRuntime.PointerTypeInfo));
        b.PositionAtEnd(m.AppendBlock(raw, "entry"));
        var exc = b.Call(alloc, [c.ConstInt(c.I64, 8)]);
        b.Store(raw.Param(0), exc);
        b.Call(cxxThrow, [exc, typeInfo, c.Null(c.Ptr)]);
        b.Unreachable();

        // vm.throw(ctx): OThrow.
        var thrower = Define(m, Symbols.Throw, ctxFn);
        b.PositionAtEnd(m.AppendBlock(thrower, "entry"));
        b.Call(capture, [b.FrameAddress(m)]);
        b.Call(raw, [thrower.Param(0)]);
        b.Unreachable();

        // vm.rethrow(ctx): ORethrow keeps the stack of the original throw.
        var rethrow = Define(m, Symbols.Rethrow, ctxFn);
        b.PositionAtEnd(m.AppendBlock(rethrow, "entry"));
        b.Call(raw, [rethrow.Param(0)]);
        b.Unreachable();

        // vm.raise_pending(ctx): throws what a native recorded.
        var raise = Define(m, Symbols.RaisePending, ctxFn);
        b.PositionAtEnd(m.AppendBlock(raise, "entry"));
        b.Store(c.ConstInt(c.I32, 0), b.ByteOffset(raise.Param(0), ThreadContextData.PendingExceptionOffset));
        b.Call(capture, [b.FrameAddress(m)]);
        b.Call(raw, [raise.Param(0)]);
        b.Unreachable();

        // vm.null_access(ctx): "Null access".
        var nullAccess = Define(m, Symbols.NullAccess, ctxFn);
        b.PositionAtEnd(m.AppendBlock(nullAccess, "entry"));
        b.Call(Helper("rt_null_access"), []);
        b.Store(c.ConstInt(c.I32, 0), b.ByteOffset(nullAccess.Param(0), ThreadContextData.PendingExceptionOffset));
        b.Call(capture, [b.FrameAddress(m)]);
        b.Call(raw, [nullAccess.Param(0)]);
        b.Unreachable();
        // vm.stack_overflow(ctx): raised at the entry of a function whose frame is below the stack limit.
        var overflow = Define(m, Symbols.StackOverflow, ctxFn);
        b.PositionAtEnd(m.AppendBlock(overflow, "entry"));
        b.Call(Helper("rt_stack_overflow"), []);
        b.Store(c.ConstInt(c.I32, 0), b.ByteOffset(overflow.Param(0), ThreadContextData.PendingExceptionOffset));
        b.Call(capture, [b.FrameAddress(m)]);
        b.Call(raw, [overflow.Param(0)]);
        b.Unreachable();
        return m;
    }

    private static LFunction Define(LlvmModule m, string name, LType type)
    {
        var f = Declare(m, name, type);
        m.AddFunctionAttribute(f, m.Context.StringAttribute("frame-pointer", "all"));
        return f;
    }

    /// <summary>Declares a support function with the attributes callers rely on (never returns, cold).</summary>
    public static LFunction Declare(LlvmModule m, string name, LType type)
    {
        var f = m.Function(name, type);
        m.AddFunctionAttribute(f, m.Context.EnumAttribute("noreturn"));
        m.AddFunctionAttribute(f, m.Context.EnumAttribute("cold"));
        return f;
    }
}
