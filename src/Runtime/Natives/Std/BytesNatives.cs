using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Std;

/// <summary>
/// hl.Bytes natives: raw memory copy, compare, fill and search. Offsets and lengths are in bytes;
/// like hl, nothing is bounds-checked (haxe.io.Bytes checks before calling). A length of zero or
/// less does nothing, where hl's C library calls would misbehave.
/// </summary>
public static unsafe class BytesNatives
{
    /// <summary>memcmp as glibc on x86-64 returns it: the difference of the first differing bytes.</summary>
    public static int MemCompare(byte* a, byte* b, long length)
    {
        if (length <= 0)
            return 0;
        var sa = new ReadOnlySpan<byte>(a, (int)Math.Min(length, int.MaxValue));
        var sb = new ReadOnlySpan<byte>(b, sa.Length);
        var i = sa.CommonPrefixLength(sb);
        return i == sa.Length ? 0 : sa[i] - sb[i];
    }

    /// <summary>hl's bytes_compare16: the difference of the first differing UTF-16 code units.</summary>
    public static int Compare16(ushort* a, ushort* b, int length)
    {
        if (length <= 0)
            return 0;
        var sa = new ReadOnlySpan<ushort>(a, length);
        var sb = new ReadOnlySpan<ushort>(b, length);
        var i = sa.CommonPrefixLength(sb);
        return i == length ? 0 : sa[i] - sb[i];
    }

    /// <summary>
    /// hl's bytes_find: the first occurrence of which[wpos..wpos+wlen) in where[pos..pos+len), as an
    /// offset from <paramref name="where"/> (not from pos), or -1. An empty pattern is found at pos.
    /// </summary>
    public static int Find(byte* where, int pos, int len, byte* which, int wpos, int wlen)
    {
        if (where + pos == null || which + wpos == null)
            return -1;
        if (wlen == 0)
            return pos;
        if (len < 0 || wlen < 0 || len < wlen)
            return -1;
        var i = new ReadOnlySpan<byte>(where + pos, len).IndexOf(new ReadOnlySpan<byte>(which + wpos, wlen));
        return i < 0 ? -1 : pos + i;
    }

    [HlNative("std", "alloc_bytes"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint AllocBytes(int size) => size == 0 ? 0 : StdMemory.Alloc(size); // hl's allocator gives null for 0 bytes

    [HlNative("std", "bytes_blit"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Blit(nint dst, int dpos, nint src, int spos, int len)
    {
        // memmove: overlapping ranges copy as if through a temporary buffer.
        if (len > 0)
        {
            Buffer.MemoryCopy((void*)(src + spos), (void*)(dst + dpos), len, len);
            // hl.Bytes may also address memory holding references (array data, packed structs): cheap
            // when the destination is young or outside the old generation.
            Gc.WriteBarrier.MarkRange(dst + dpos, len);
        }
    }

    [HlNative("std", "bytes_compare"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Compare(nint a, int apos, nint b, int bpos, int len) => MemCompare((byte*)(a + apos), (byte*)(b + bpos), len);

    [HlNative("std", "bytes_compare16"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Compare16Native(nint a, nint b, int len) => Compare16((ushort*)a, (ushort*)b, len);

    [HlNative("std", "bytes_fill"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Fill(nint bytes, int pos, int len, int value)
    {
        if (len > 0)
            new Span<byte>((void*)(bytes + pos), len).Fill((byte)value);
    }

    [HlNative("std", "bytes_find"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int FindNative(nint where, int pos, int len, nint which, int wpos, int wlen) =>
        Find((byte*)where, pos, len, (byte*)which, wpos, wlen);
}
