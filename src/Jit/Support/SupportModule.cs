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
    /// <summary>The exception class of HL throws in the unwind header ("VMHLEXC\0", little endian).</summary>
    private const long ExceptionClass = 0x0043584548_4C4D56;

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

        // vm.throw_raw(ctx): raises the thread's unwind header as a foreign exception; catch-all landing
        // pads take it and read the thrown value from the context. Every entry trampoline catches
        // everything, so the unwinder always finds a handler.
        var raw = Define(m, Symbols.ThrowRaw, ctxFn);
        var raise = m.Function(CxxRuntime.RaiseException, c.Function(c.I32, [c.Ptr]));
        b.PositionAtEnd(m.AppendBlock(raw, "entry"));
        var header = b.ByteOffset(raw.Param(0), ThreadContextData.UnwindHeaderOffset);
        b.Store(c.ConstInt(c.I64, ExceptionClass), header);
        b.Store(c.Null(c.Ptr), b.ByteOffset(header, 8));
        b.Call(raise, [header]);
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
        var pending = Define(m, Symbols.RaisePending, ctxFn);
        b.PositionAtEnd(m.AppendBlock(pending, "entry"));
        b.Store(c.ConstInt(c.I32, 0), b.ByteOffset(pending.Param(0), ThreadContextData.PendingExceptionOffset));
        b.Call(capture, [b.FrameAddress(m)]);
        b.Call(raw, [pending.Param(0)]);
        b.Unreachable();

        // vm.null_access(ctx): "Null access".
        var nullAccess = Define(m, Symbols.NullAccess, ctxFn);
        b.PositionAtEnd(m.AppendBlock(nullAccess, "entry"));
        b.Call(Helper("rt_null_access"), []);
        b.Store(c.ConstInt(c.I32, 0), b.ByteOffset(nullAccess.Param(0), ThreadContextData.PendingExceptionOffset));
        b.Call(capture, [b.FrameAddress(m)]);
        b.Call(raw, [nullAccess.Param(0)]);
        b.Unreachable();
        // vm.safepoint(ctx): a requested stop (collection, GC stress). Not noreturn and not a leaf:
        // calls to it are statepoints, so the caller's references are in the stack maps; the runtime
        // starts its stack walk from this function's frame.
        var safepoint = m.Function(Symbols.Safepoint, ctxFn);
        m.AddFunctionAttribute(safepoint, c.StringAttribute("frame-pointer", "all"));
        m.AddFunctionAttribute(safepoint, c.EnumAttribute("noinline"));
        b.PositionAtEnd(m.AppendBlock(safepoint, "entry"));
        b.Call(Helper("rt_safepoint"), [b.FrameAddress(m)]);
        b.RetVoid();

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
