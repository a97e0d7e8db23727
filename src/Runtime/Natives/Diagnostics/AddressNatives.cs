using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Diagnostics;

/// <summary>hl.Bytes pointer arithmetic and raw addresses.</summary>
public static unsafe class AddressNatives
{
    [HlNative("std", "bytes_offset")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Offset(nint bytes, int delta) => bytes + delta;

    /// <summary>The distance between two pointers, truncated to 32 bits as in hl.</summary>
    [HlNative("std", "bytes_subtract")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Subtract(nint a, nint b) => unchecked((int)(a - b));

    [HlNative("std", "bytes_address")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Address(nint bytes, int* high)
    {
        if (high != null)
            *high = (int)((long)bytes >> 32);
        return unchecked((int)(long)bytes);
    }

    [HlNative("std", "bytes_from_address")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint FromAddress(int low, int high) => (nint)(((long)high << 32) | (uint)low);
}
