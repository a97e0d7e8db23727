using Vm.Jit.Llvm;
using Vm.Runtime.Threading;

namespace Vm.Jit.Abi;

/// <summary>
/// The callback-shim protocol: a frame-pointer frame that calls C# which may call back into HL code with
/// objects allowed to move records itself in <see cref="ThreadContextData.CallbackShimFrame"/> for the
/// call's duration; the callback's entry trampoline copies it into its transition record and the root walk
/// resumes there (RootWalker), at the caller's statepoint.
/// </summary>
internal static class CallbackShimFrame
{
    /// <summary>Records the current frame; returns what to restore with <see cref="Exit"/> (an enclosing shim's frame, or null).</summary>
    public static LValue Enter(IrBuilder b, LlvmModule module, LValue ctx)
    {
        var slot = b.ByteOffset(ctx, ThreadContextData.CallbackShimFrameOffset);
        var outer = b.Load(module.Context.Ptr, slot);
        b.Store(b.FrameAddress(module), slot);
        return outer;
    }

    public static void Exit(IrBuilder b, LValue ctx, LValue outer) =>
        b.Store(outer, b.ByteOffset(ctx, ThreadContextData.CallbackShimFrameOffset));
}
