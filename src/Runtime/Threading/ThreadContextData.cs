using System.Runtime.InteropServices;

namespace Vm.Runtime.Threading;

/// <summary>
/// Per-thread state shared with JIT code, which receives its address as the hidden first argument
/// of every HL function. Offsets are part of the JIT ABI.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ThreadContextData
{
    public const int ExceptionValueOffset = 0;
    public const int PendingExceptionOffset = 8;
    public const int ExitRequestedOffset = 12;
    public const int SafepointRequestedOffset = 20;
    public const int NativeFrameOffset = 24;
    public const int NativeSiteOffset = 32;
    public const int TransitionsOffset = 40;
    public const int StackLimitOffset = 48;
    public const int CallbackShimFrameOffset = 56;
    public const int UnwindHeaderOffset = 64;
    public const int AllocCursorOffset = 96;
    public const int AllocLimitOffset = 104;
    public const int CallbackMayMoveOffset = 112;
    public const int BarrierRangeStartOffset = 120;
    public const int BarrierRangeSizeOffset = 128;

    /// <summary>The value being thrown or last caught (HashLink's exc_value).</summary>
    public nint ExceptionValue;

    /// <summary>Non-zero when a native recorded an exception the JIT call site must raise.</summary>
    public int PendingException;

    /// <summary>Non-zero when the program asked to stop (Sys.exit); the unwind carries it to the entry.</summary>
    public int ExitRequested;

    public int ExitCode;

    /// <summary>Non-zero when the thread must stop at its next safepoint poll (collection, or GC stress).</summary>
    public int SafepointRequested;

    /// <summary>Frame address of the JIT frame that last called a native (where a stack walk resumes past the native).</summary>
    public nint NativeFrame;

    /// <summary>Call-site id (function index &lt;&lt; 32 | instruction) of that native call.</summary>
    public long NativeSite;

    /// <summary>Innermost entry trampoline's transition record (see <see cref="TransitionRecord"/>), or 0.</summary>
    public nint Transitions;

    /// <summary>Lowest frame address HL code may use on this thread; below it a call raises "Stack overflow".</summary>
    public nint StackLimit;

    /// <summary>
    /// Frame of the callback shim through which JIT code is calling a native that may call back into HL
    /// code, or 0: a collection inside the callback resumes its stack walk there, at a call site with a stack map.
    /// </summary>
    public nint CallbackShimFrame;

    /// <summary>
    /// The platform unwinder's exception header (_Unwind_Exception, 32 bytes, 16-byte aligned) used for
    /// every HL throw on this thread: landing pads catch it as a foreign exception and read the value
    /// from <see cref="ExceptionValue"/>.
    /// </summary>
    public unsafe fixed byte UnwindHeader[32];

    /// <summary>Next free byte of this thread's allocation buffer: JIT code allocates by bumping it.</summary>
    public nint AllocCursor;

    /// <summary>End of the allocation buffer; an allocation that would pass it takes the slow path.</summary>
    public nint AllocLimit;

    /// <summary>
    /// Set by a native right before a call back into HL code after which it touches no heap address it held
    /// before (the result is all it uses): the entry trampoline then lets collections move objects during the
    /// callback. Consumed (cleared) by the trampoline.
    /// </summary>
    public int CallbackMayMove;

    private int _padding;

    /// <summary>
    /// The write barrier of JIT code dirties the card of a store into the old region when the stored value
    /// is in [BarrierRangeStart, BarrierRangeStart + BarrierRangeSize) (unsigned): this runtime's young
    /// generation, or every value while an incremental marking is under way (start 0, size all ones). Kept
    /// here rather than as constants so that recording old-to-old stores costs nothing when not marking.
    /// </summary>
    public nint BarrierRangeStart;

    public long BarrierRangeSize;
}

/// <summary>
/// Pushed on the stack by every entry trampoline: where the HL code that called into C# (and back into
/// HL) was, so stack walks can step over the C# frames in between.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct TransitionRecord
{
    public const int PreviousOffset = 0;
    public const int FrameOffset = 8;
    public const int SiteOffset = 16;
    public const int ShimFrameOffset = 24;
    public const int Size = 32;

    public nint Previous;
    public nint Frame;
    public long Site;

    /// <summary>
    /// The callback shim frame of the native call, when the native allowed objects to move during this
    /// callback; 0 when collections must wait until the callback returns.
    /// </summary>
    public nint ShimFrame;
}
