using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Runtime.Threading;

namespace Vm.Jit.Support;

/// <summary>
/// Functions written directly in IR that every compiled module calls: raising an exception through
/// the unwinder (the thrown value travels in the thread context, as HashLink's exc_value), raising a
/// native's pending exception, and the null-access error.
/// </summary>
internal static class SupportModule
{
    public static LlvmModule Build(OrcJit jit, RuntimeHelperTable helpers)
    {
        var m = jit.CreateModule("vm.support");
        var c = m.Context;
        using var b = new IrBuilder(c);
        var ctxFn = c.Function(c.Void, [c.Ptr]);

        // vm.throw(ctx): a C++ exception carrying the context; catch sites read the value from the context.
        var throwFn = Declare(m, Symbols.Throw, ctxFn);
        var alloc = m.Function(CxxRuntime.AllocateException, c.Function(c.Ptr, [c.I64]));
        var cxxThrow = m.Function(CxxRuntime.ThrowException, c.Function(c.Void, [c.Ptr, c.Ptr, c.Ptr]));
        var typeInfo = new LValue(LlvmCore.AddGlobal(m.Handle, c.Ptr.Handle, CxxRuntime.PointerTypeInfo));
        b.PositionAtEnd(m.AppendBlock(throwFn, "entry"));
        var exc = b.Call(alloc, [c.ConstInt(c.I64, 8)]);
        b.Store(throwFn.Param(0), exc);
        b.Call(cxxThrow, [exc, typeInfo, c.Null(c.Ptr)]);
        b.Unreachable();

        // vm.raise_pending(ctx): clears the pending flag and throws the recorded value.
        var raise = Declare(m, Symbols.RaisePending, ctxFn);
        b.PositionAtEnd(m.AppendBlock(raise, "entry"));
        b.Store(c.ConstInt(c.I32, 0), b.ByteOffset(raise.Param(0), ThreadContextData.PendingExceptionOffset));
        b.Call(throwFn, [raise.Param(0)]);
        b.Unreachable();

        // vm.null_access(ctx): "Null access".
        var nullAccess = Declare(m, Symbols.NullAccess, ctxFn);
        var helper = helpers.Find("rt_null_access")!;
        var helperFn = m.Function(helper.Name, RuntimeHelperTable.LlvmType(c, helper.Method));
        b.PositionAtEnd(m.AppendBlock(nullAccess, "entry"));
        b.Call(helperFn, []);
        b.Call(raise, [nullAccess.Param(0)]);
        b.Unreachable();
        return m;
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
