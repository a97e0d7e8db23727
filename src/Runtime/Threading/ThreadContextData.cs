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

    /// <summary>The value being thrown or last caught (HashLink's exc_value).</summary>
    public nint ExceptionValue;

    /// <summary>Non-zero when a native recorded an exception the JIT call site must raise.</summary>
    public int PendingException;

    /// <summary>Non-zero when the program asked to stop (Sys.exit); the unwind carries it to the entry.</summary>
    public int ExitRequested;

    public int ExitCode;

    public int Reserved;
}
