using System.Runtime.CompilerServices;
using Vm.Runtime.Memory;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Natives.Std;

/// <summary>
/// Buffer helpers shared by the std natives. They never throw: natives run behind an
/// [UnmanagedCallersOnly] boundary, so a failed allocation becomes a pending HL error and a 0 result.
/// </summary>
internal static unsafe class StdMemory
{
    /// <summary>Allocates <paramref name="size"/> zeroed bytes without references on the current runtime's heap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static nint Alloc(long size)
    {
        if (size < 0)
        {
            HlErrors.Raise("Invalid allocation size");
            return 0;
        }
        try
        {
            return VmThread.Current.Runtime.Heap.Allocate(size, BlockLayout.NoPointers);
        }
        catch (OutOfMemoryException)
        {
            HlErrors.Raise("Out of memory");
            return 0;
        }
    }

    /// <summary>A heap copy of <paramref name="text"/> followed by a zero code unit.</summary>
    public static nint Utf16Z(ReadOnlySpan<char> text)
    {
        var p = Alloc(2L * (text.Length + 1));
        if (p != 0)
            text.CopyTo(new Span<char>((void*)p, text.Length));
        return p;
    }

    /// <summary>A heap copy of <paramref name="bytes"/> followed by a zero byte.</summary>
    public static nint BytesZ(ReadOnlySpan<byte> bytes)
    {
        var p = Alloc(bytes.Length + 1L);
        if (p != 0)
            bytes.CopyTo(new Span<byte>((void*)p, bytes.Length));
        return p;
    }

    /// <summary>Code units before the terminating zero.</summary>
    public static int Utf16Length(char* s)
    {
        var n = 0;
        while (s[n] != 0)
            n++;
        return n;
    }

    /// <summary>The code units of a zero-terminated UTF-16 buffer, without the terminator.</summary>
    public static ReadOnlySpan<char> Utf16Span(nint s) =>
        s == 0 ? default : new ReadOnlySpan<char>((void*)s, Utf16Length((char*)s));

    /// <summary>The bytes of a zero-terminated byte buffer, without the terminator.</summary>
    public static ReadOnlySpan<byte> BytesSpan(nint s) =>
        s == 0 ? default : System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)s);

    /// <summary>Stores an out-parameter when the caller passed one (HL code may pass a null ref).</summary>
    public static void Store(int* target, int value)
    {
        if (target != null)
            *target = value;
    }
}
