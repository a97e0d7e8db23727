using Vm.Runtime.Threading;

namespace Vm.Runtime.Debugging;

/// <summary>
/// Walks HL frames through frame pointers (JIT code keeps them): each frame holds the caller's frame
/// pointer at [fp] and the return address at [fp+8]. Where an entry trampoline was called from C#, the
/// walk continues at the HL frame recorded by the trampoline's transition record.
/// </summary>
public static unsafe class StackWalker
{
    /// <summary>HashLink records at most this many frames of an exception (HL_EXC_MAX_STACK).</summary>
    private const int MaxFrames = 0x100;

    /// <summary>Call sites from the innermost frame out, starting at the frame whose pointer is <paramref name="framePointer"/>.</summary>
    public static List<long> Walk(CallSites sites, ThreadContextData* ctx, nint framePointer)
    {
        var result = new List<long>();
        var transition = (TransitionRecord*)ctx->Transitions;
        var fp = framePointer;
        while (fp != 0 && (fp & 7) == 0 && result.Count < MaxFrames)
        {
            var returnAddress = *(nint*)(fp + 8);
            if (!sites.TryGet(returnAddress, out var site))
                break;
            if (site == CallSites.Transition)
            {
                // The trampoline was entered from C#: resume at the HL frame that called the native.
                if (transition == null || transition->Frame == 0)
                    break;
                result.Add(transition->Site);
                fp = transition->Frame;
                transition = (TransitionRecord*)transition->Previous;
                continue;
            }
            result.Add(site);
            var next = *(nint*)fp;
            if (next <= fp)
                break;
            fp = next;
        }
        return result;
    }
}
