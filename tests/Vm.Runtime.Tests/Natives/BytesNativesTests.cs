using Vm.Runtime.Memory;
using Vm.Runtime.Natives.Std;

namespace Vm.Runtime.Tests.Natives;

/// <summary>bytes_* and alloc_bytes; expected values from BytesTest.out and hl's C (memmove/memcmp/memset).</summary>
public unsafe class BytesNativesTests
{
    private static byte[] Run(string hex, Action<nint> action)
    {
        var bytes = Convert.FromHexString(hex);
        fixed (byte* p = bytes)
            action((nint)p);
        return bytes;
    }

    [Fact]
    public void Blit_handles_overlap_both_ways()
    {
        using var f = new RuntimeFixture();
        var blit = (delegate* unmanaged<nint, int, nint, int, int, void>)f.Native("std", "bytes_blit");
        // BytesTest.out: overlap forward / overlap backward
        Assert.Equal("00010001020304050809", Convert.ToHexString(Run("00010203040506070809", p => blit(p, 2, p, 0, 6))));
        Assert.Equal("03040506070806070809", Convert.ToHexString(Run("00010203040506070809", p => blit(p, 0, p, 3, 6))));
        var src = Convert.FromHexString("0807AAAAAAAA0201");
        fixed (byte* s = src)
        {
            var from = (nint)s;
            Assert.Equal("00000807AAAA0000", Convert.ToHexString(Run("0000000000000000", p => blit(p, 2, from, 0, 4))));
        }
        Assert.Equal("0102", Convert.ToHexString(Run("0102", p => blit(p, 0, 0, 0, 0))));
    }

    [Fact]
    public void Fill_writes_the_low_byte()
    {
        using var f = new RuntimeFixture();
        var fill = (delegate* unmanaged<nint, int, int, int, void>)f.Native("std", "bytes_fill");
        // BytesTest.out: fill 0807aaaaaaaa0201...
        Assert.Equal("0807AAAAAAAA0201", Convert.ToHexString(Run("0807060504030201", p => fill(p, 2, 4, 0xAA))));
        Assert.Equal("FF01", Convert.ToHexString(Run("0001", p => fill(p, 0, 1, 0x12FF))));
        Assert.Equal("0001", Convert.ToHexString(Run("0001", p => fill(p, 0, 0, 7))));
    }

    [Fact]
    public void Compare_returns_the_byte_difference()
    {
        fixed (byte* abc = "abc"u8, abd = "abd"u8, high = new byte[] { 0xFF, 0 })
        {
            // BytesTest.out: compare -1 1 0 (the lengths then decide ties)
            Assert.Equal(-1, BytesNatives.MemCompare(abc, abd, 3));
            Assert.Equal(1, BytesNatives.MemCompare(abd, abc, 3));
            Assert.Equal(0, BytesNatives.MemCompare(abc, abc, 3));
            Assert.Equal(0, BytesNatives.MemCompare(abc, abd, 2));
            Assert.Equal(0xFF - 'a', BytesNatives.MemCompare(high, abc, 1)); // unsigned bytes
            Assert.Equal(0, BytesNatives.MemCompare(abc, abd, 0));
        }
    }

    [Fact]
    public void Compare16_returns_the_code_unit_difference()
    {
        fixed (char* a = "ab\u00e9", b = "ab\u00ea", c = "\u0100", d = "\u00ff")
        {
            Assert.Equal(-1, BytesNatives.Compare16((ushort*)a, (ushort*)b, 3));
            Assert.Equal(0, BytesNatives.Compare16((ushort*)a, (ushort*)b, 2));
            Assert.Equal(1, BytesNatives.Compare16((ushort*)c, (ushort*)d, 1));
        }
    }

    [Fact]
    public void Compare_entry_points_take_offsets()
    {
        using var f = new RuntimeFixture();
        var compare = (delegate* unmanaged<nint, int, nint, int, int, int>)f.Native("std", "bytes_compare");
        var compare16 = (delegate* unmanaged<nint, nint, int, int>)f.Native("std", "bytes_compare16");
        fixed (byte* a = "xxabc"u8, b = "abd"u8)
        {
            Assert.Equal(-1, compare((nint)a, 2, (nint)b, 0, 3));
            Assert.Equal(0, compare((nint)a, 3, (nint)b, 1, 1));
        }
        fixed (char* a = "\u00e9", z = "z")
            Assert.True(compare16((nint)a, (nint)z, 1) > 0); // StringUnicode: "\u00e9" > "z" is true
    }

    [Fact]
    public void Find_returns_offsets_from_the_buffer_start()
    {
        using var f = new RuntimeFixture();
        var find = (delegate* unmanaged<nint, int, int, nint, int, int, int>)f.Native("std", "bytes_find");
        fixed (byte* hay = "abcabcab"u8, pat = "xcab"u8)
        {
            Assert.Equal(2, find((nint)hay, 0, 8, (nint)pat, 1, 3));
            Assert.Equal(5, find((nint)hay, 3, 5, (nint)pat, 1, 3));
            Assert.Equal(-1, find((nint)hay, 3, 4, (nint)pat, 1, 3)); // the match would end past the range
            Assert.Equal(-1, find((nint)hay, 0, 8, (nint)pat, 0, 4));
            Assert.Equal(6, find((nint)hay, 6, 2, (nint)pat, 0, 0)); // empty pattern: found at pos
            Assert.Equal(-1, find((nint)hay, 0, 2, (nint)pat, 1, 3));
        }
    }

    [Fact]
    public void Alloc_bytes_zero_is_null_and_negative_raises()
    {
        using var f = new RuntimeFixture();
        var alloc = (delegate* unmanaged<int, nint>)f.Native("std", "alloc_bytes");
        var p = alloc(16);
        Assert.NotEqual(0, p);
        Assert.Equal(16, Heap.SizeOf(p));
        Assert.Equal(new byte[16], new Span<byte>((void*)p, 16).ToArray());
        Assert.Equal(0, alloc(0));
        Assert.Null(f.TakePendingError());
        Assert.Equal(0, alloc(-1));
        Assert.Equal("Invalid allocation size", f.TakePendingError());
    }
}
