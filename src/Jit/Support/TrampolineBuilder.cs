using System.Text;
using Vm.Frontend.Model;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Runtime.Debugging;
using Vm.Runtime.Threading;

namespace Vm.Jit.Support;

/// <summary>
/// Entry trampolines: how C# calls HL code. One per call shape, <c>i32 (ctx, fn, args, ret)</c>: loads
/// the arguments from 8-byte slots, invokes the function, stores the result in a slot and returns 0;
/// if anything is thrown it catches it (the value stays in the thread context) and returns 1.
/// Unwinding therefore never reaches a C# frame.
/// </summary>
internal static class TrampolineBuilder
{
    /// <summary>A key naming the machine-level shape of a call: return and argument storage kinds.</summary>
    public static string ShapeKey(FunctionSignature sig, bool boundValue)
    {
        var sb = new StringBuilder();
        sb.Append(Code(sig.Return));
        sb.Append('_');
        if (boundValue)
            sb.Append('b');
        foreach (var a in sig.Args)
            sb.Append(Code(a));
        return sb.ToString();
    }

    private static char Code(HlType t) => t.Kind switch
    {
        TypeKind.Void => 'v',
        TypeKind.UI8 or TypeKind.Bool => 'c',
        TypeKind.UI16 => 's',
        TypeKind.I32 => 'i',
        TypeKind.I64 or TypeKind.Guid => 'l',
        TypeKind.F32 => 'f',
        TypeKind.F64 => 'd',
        _ => 'p',
    };

    public static LlvmModule Build(OrcJit jit, string key, FunctionSignature sig, bool boundValue)
    {
        var m = jit.CreateModule("vm.trampoline." + key);
        var c = m.Context;
        var types = new HlTypeMap(c);
        var fn = m.Function(Symbols.Trampoline(key), c.Function(c.I32, [c.Ptr, c.Ptr, c.Ptr, c.Ptr]));
        var personality = m.Function(CxxRuntime.Personality, c.Function(c.I32, [], varArg: true));
        m.SetPersonality(fn, personality.Value);
        m.AddFunctionAttribute(fn, c.StringAttribute("frame-pointer", "all"));

        using var b = new IrBuilder(c);
        var entry = m.AppendBlock(fn, "entry");
        var ok = m.AppendBlock(fn, "ok");
        var caught = m.AppendBlock(fn, "caught");
        b.PositionAtEnd(entry);
        var ctx = fn.Param(0);
        var argsPtr = fn.Param(2);
        // Transition record: lets stack walks from the callee continue at the HL frame that called into C#.
        LlvmModule.SetGC(fn, Symbols.GcStrategy);
        var record = b.Alloca(c.Struct([c.Ptr, c.Ptr, c.I64, c.Ptr]), "transition");
        var transitions = b.ByteOffset(ctx, ThreadContextData.TransitionsOffset);
        var nativeFrame = b.ByteOffset(ctx, ThreadContextData.NativeFrameOffset);
        var nativeSite = b.ByteOffset(ctx, ThreadContextData.NativeSiteOffset);
        var shimFrame = b.ByteOffset(ctx, ThreadContextData.CallbackShimFrameOffset);
        var mayMove = b.ByteOffset(ctx, ThreadContextData.CallbackMayMoveOffset);
        var previous = b.Load(c.Ptr, transitions);
        var frame = b.Load(c.Ptr, nativeFrame);
        var site = b.Load(c.I64, nativeSite);
        var shim = b.Load(c.Ptr, shimFrame);
        // Objects may move during the callback only when the native said so and was called through a shim.
        var movable = b.ICmp(IntPredicate.Ne, b.Load(c.I32, mayMove), c.ConstInt(c.I32, 0));
        b.Store(previous, b.ByteOffset(record, TransitionRecord.PreviousOffset));
        b.Store(frame, b.ByteOffset(record, TransitionRecord.FrameOffset));
        b.Store(site, b.ByteOffset(record, TransitionRecord.SiteOffset));
        b.Store(b.Select(movable, shim, c.Null(c.Ptr)), b.ByteOffset(record, TransitionRecord.ShimFrameOffset));
        b.Store(record, transitions);
        // Natives called inside the callback start with neither.
        b.Store(c.Null(c.Ptr), shimFrame);
        b.Store(c.ConstInt(c.I32, 0), mayMove);
        void Restore()
        {
            b.Store(previous, transitions);
            b.Store(frame, nativeFrame);
            b.Store(site, nativeSite);
            b.Store(shim, shimFrame);
        }
        var args = new List<LValue> { ctx };
        var slot = 0;
        if (boundValue)
            args.Add(b.Load(c.GcPtr, b.ByteOffset(argsPtr, 8L * slot++)));
        foreach (var a in sig.Args)
            args.Add(b.Load(types.Of(a), b.ByteOffset(argsPtr, 8L * slot++)));
        var result = b.Invoke(types.HlFunction(sig, boundValue), fn.Param(1), args.ToArray(), ok, caught);
        b.SetCallAttribute(result, "statepoint-id", CallSites.Transition.ToString(System.Globalization.CultureInfo.InvariantCulture));

        b.PositionAtEnd(ok);
        Restore();
        if (!HlTypeMap.IsVoid(sig.Return))
            b.Store(result, fn.Param(3));
        b.Ret(c.ConstInt(c.I32, 0));

        b.PositionAtEnd(caught);
        b.LandingPadCatchAll(personality.Value);
        Restore();
        b.Ret(c.ConstInt(c.I32, 1));
        return m;
    }
}
