using Vm.Runtime.Threading;

namespace Vm.Runtime.Gc;

/// <summary>Visits one reference slot: the address of the base slot and of the derived (possibly interior) slot.</summary>
public unsafe delegate void RootSlotVisitor(nint* baseSlot, nint* derivedSlot);

/// <summary>
/// Finds the references held by compiled HL frames at a safepoint. Frames are walked through frame
/// pointers; each frame's return address selects its statepoint record, whose locations are relative
/// to the caller's stack pointer at the call (the callee's frame pointer + 16) or to the caller's frame pointer.
/// </summary>
public static unsafe class RootWalker
{
    /// <summary>
    /// Walks from the frame <paramref name="framePointer"/> (the frame that called into the runtime) to
    /// the outermost entry trampoline. Where HL code was called back from C# (a trampoline's transition
    /// record with a frame), the walk goes on at the callback shim of the native call when the native let
    /// objects move during its callback; otherwise it returns false: the C# frames' raw pointers are
    /// unknown, so objects must not move now.
    /// </summary>
    public static bool Walk(SafepointTable table, ThreadContextData* ctx, nint framePointer, RootSlotVisitor visit)
    {
        var transition = (TransitionRecord*)ctx->Transitions;
        var fp = framePointer;
        var atShim = false;
        while (fp != 0 && (fp & 7) == 0)
        {
            var returnAddress = *(nint*)(fp + 8);
            var record = table.Find(returnAddress);
            if (record is null)
                return !atShim; // a shim's caller without a stack map: its references are unknown
            atShim = false;
            var callerSp = fp + 16;
            var callerFp = *(nint*)fp;
            if (record.Id == Debugging.CallSites.Transition)
            {
                if (transition == null || transition->Frame == 0)
                    return true;
                if (transition->ShimFrame == 0)
                    return false;
                // The shim's caller is the HL frame that called the native, stopped at a call with a stack map.
                fp = transition->ShimFrame;
                transition = (TransitionRecord*)transition->Previous;
                atShim = true;
                continue;
            }
            foreach (var pair in record.Roots)
            {
                var baseSlot = SlotAddress(pair.Base, callerSp, callerFp);
                var derivedSlot = SlotAddress(pair.Derived, callerSp, callerFp);
                if (baseSlot != null && derivedSlot != null)
                    visit(baseSlot, derivedSlot);
            }
            if (callerFp <= fp)
                return true;
            fp = callerFp;
        }
        return true;
    }

    private static nint* SlotAddress(StackMapLocation location, nint callerSp, nint callerFp) => location.Kind switch
    {
        LocationKind.Indirect when location.DwarfRegister == StackMapLocation.Rsp => (nint*)(callerSp + location.Offset),
        LocationKind.Indirect when location.DwarfRegister == StackMapLocation.Rbp => (nint*)(callerFp + location.Offset),
        // Constants (null, permanent objects) need no update; a Direct location is the address of a stack
        // slot itself (a ref to a register), never a heap block.
        LocationKind.Constant or LocationKind.ConstantIndex or LocationKind.Direct => null,
        _ => throw new InvalidOperationException($"unsupported stack map location {location}"),
    };
}
