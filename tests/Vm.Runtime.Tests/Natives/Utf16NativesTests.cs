using Vm.Runtime.Natives.Std;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Natives;

/// <summary>
/// UTF-8/UTF-16 conversions, ucs2length, string_compare and hash. Expected values: StringUnicode.out
/// and BytesTest.out, and for malformed input what hl's C functions return on the same bytes.
/// </summary>
public unsafe class Utf16NativesTests
{
    private static string Hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();

    private static string Units(string s) => string.Join(" ", s.Select(c => ((int)c).ToString("X4")));

    [Theory]
    // StringUnicode.out: "utf8 bytes=... hex=..."
    [InlineData("caf\u00e9", "636166c3a9")]
    [InlineData("\u65e5\u672c\u8a9e", "e697a5e69cace8aa9e")]
    [InlineData("\U0001F600", "f09f9880")]
    [InlineData("a\U0001F4A9b", "61f09f92a962")]
    [InlineData("\u20ac100", "e282ac313030")]
    [InlineData("", "")]
    // Boundaries of each length, and lone surrogates taking the next unit as their low half.
    [InlineData("\u007f\u0080\u07ff\u0800\uffff", "7fc280dfbfe0a080efbfbf")]
    public void Utf16_to_utf8(string text, string hex) => Assert.Equal(hex, Hex(Utf.ToUtf8(text)));

    /// <summary>Text from hex code units (test data cannot carry lone surrogates in strings).</summary>
    internal static string FromUnits(string hexUnits) =>
        new(Enumerable.Range(0, hexUnits.Length / 4).Select(i => (char)Convert.ToUInt16(hexUnits.Substring(i * 4, 4), 16)).ToArray());

    [Theory]
    [InlineData("DE000061", "f08291a1")]
    [InlineData("0061D83D0062", "61f08f91a2")]
    // A surrogate as the last unit: hl reads on past the text; here the partner is 0 and the text ends.
    [InlineData("0061D83D", "61f08f9080")]
    public void Lone_surrogates_take_the_next_unit_as_partner(string units, string hex) =>
        Assert.Equal(hex, Hex(Utf.ToUtf8(FromUnits(units))));

    [Fact]
    public void Utf16_to_utf8_with_a_length_keeps_embedded_zeros()
    {
        fixed (char* s = "a\0b\0")
        {
            Assert.Equal(3, Utf.Utf8Size(s, 3));
            Assert.Equal(1, Utf.Utf8Size(s, 0));
            var o = stackalloc byte[4];
            Utf.EncodeUtf8(s, 3, o);
            Assert.Equal(new byte[] { 0x61, 0, 0x62 }, new Span<byte>(o, 3).ToArray());
        }
    }

    [Theory]
    [InlineData("c3a978", "00E9 0078")]
    [InlineData("e282ac", "20AC")]
    [InlineData("f09f988021", "D83D DE00 0021")]
    [InlineData("c38974c3a9", "00C9 0074 00E9")]
    // hl stops before a sequence it rejects: a stray continuation byte, a truncated sequence.
    [InlineData("618062", "0061")]
    [InlineData("61c3", "0061")]
    [InlineData("61c32862", "0061")]
    [InlineData("61e282", "0061")]
    // ... but decodes what it does not check: surrogates, overlong forms, non-continuation bytes.
    [InlineData("eda0807a", "D800 007A")]
    [InlineData("c0807a", "0000 007A")]
    [InlineData("c3c37a", "00C3 007A")]
    [InlineData("f5808080", "DCC0 DC00")]
    // A 0xF8+ byte is counted as one unit and ends the text; that unit stays 0.
    [InlineData("61f88080800b", "0061 0000")]
    [InlineData("ff", "0000")]
    public void Utf8_to_utf16(string hex, string units) => Assert.Equal(units, Units(Utf.FromUtf8(Convert.FromHexString(hex))));

    [Fact]
    public void Utf16_length_counts_surrogate_pairs_as_two()
    {
        fixed (byte* s = Convert.FromHexString("78c3a9f09f988079e697a500"))
            Assert.Equal(6, Utf.Utf16Length(s)); // StringUnicode: mixed len=6
    }

    [Fact]
    public void String_compare_is_memcmp_of_the_utf16_bytes()
    {
        fixed (char* a = "abc", b = "abd", c = "\u0100", d = "\u00ff")
        {
            Assert.Equal(0, Utf16Natives.StringCompare(a, a, 3));
            Assert.Equal(-1, Utf16Natives.StringCompare(a, b, 3));
            Assert.Equal(1, Utf16Natives.StringCompare(b, a, 3));
            Assert.Equal(0, Utf16Natives.StringCompare(a, b, 2));
            // Little-endian bytes: 0x0100 is 00 01, 0x00FF is FF 00, so it compares lower.
            Assert.Equal(-0xFF, Utf16Natives.StringCompare(c, d, 1));
        }
    }

    [Fact]
    public void Natives_convert_through_their_entry_points()
    {
        using var f = new RuntimeFixture();
        var toUtf8 = (delegate* unmanaged<nint, int, int*, nint>)f.Native("std", "utf16_to_utf8");
        var toUtf16 = (delegate* unmanaged<nint, int, int*, nint>)f.Native("std", "utf8_to_utf16");
        var ucs2Length = (delegate* unmanaged<nint, int, int>)f.Native("std", "ucs2length");
        var s = f.Runtime.Strings.AllocUtf16("h\u00e9llo w\u00f6rld \u20ac \U0001F600");
        var size = 0;
        var utf8 = toUtf8(s, 0, &size);
        Assert.Equal(22, size); // BytesTest: utf8 length 22
        Assert.Equal(0, ((byte*)utf8)[size]);
        Assert.Equal("68c3a96c6c6f2077c3b6726c6420e282ac20f09f9880", Hex(new Span<byte>((void*)utf8, size).ToArray()));
        // A null size is allowed (String.toUtf8 passes none).
        Assert.NotEqual(0, toUtf8(s, 0, null));
        var back = toUtf16(utf8, 0, &size);
        Assert.Equal(2 * 16, size);
        Assert.Equal("h\u00e9llo w\u00f6rld \u20ac \U0001F600", HlStrings.ReadUtf16Z(back));
        Assert.Equal(16, ucs2Length(back, 0));
        Assert.Equal(14, ucs2Length(back, 4));
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public unsafe void String_compare_and_hash_entry_points()
    {
        using var f = new RuntimeFixture();
        var compare = (delegate* unmanaged<nint, nint, int, int>)f.Native("std", "string_compare");
        var hash = (delegate* unmanaged<nint, int>)f.Native("std", "hash");
        Assert.True(compare(f.Runtime.Strings.AllocUtf16("abc"), f.Runtime.Strings.AllocUtf16("abd"), 3) < 0);
        var h = hash(f.Runtime.Strings.AllocUtf16("__string"));
        // hl's field hash: h = 223 * h + c over the units, signed remainder by 0x1FFFFF7B.
        var expected = 0;
        foreach (var c in "__string")
            expected = unchecked(223 * expected + c);
        Assert.Equal(expected % 0x1FFFFF7B, h);
        Assert.Equal("__string", f.Runtime.FieldHashes.NameOf(h));
        Assert.Equal(h, hash(f.Runtime.Strings.AllocUtf16("__string")));
    }
}
