using Vm.Runtime.Natives.Std;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Natives;

/// <summary>url_encode / url_decode: StringToolsTest.out, StringUnicode.out, and hl's C on malformed input.</summary>
public unsafe class UrlNativesTests
{
    [Theory]
    [InlineData("a b&c=d/e?f\u00e9+%~._-*'()!", "a%20b%26c%3Dd%2Fe%3Ff%C3%A9%2B%25%7E._-%2A%27%28%29%21")]
    [InlineData("x\u00e9\U0001F600y\u65e5", "x%C3%A9%F0%9F%98%80y%E6%97%A5")]
    [InlineData("", "")]
    public void Encode(string text, string encoded) => Assert.Equal(encoded, UrlCodec.Encode(text));

    [Theory]
    // Lone surrogates are encoded as 3-byte sequences; hl's low-surrogate test excludes 0xDFFF.
    [InlineData("D83D0078DC00", "%ED%A0%BDx%ED%B0%80")]
    [InlineData("D83DDFFF", "%ED%A0%BD%ED%BF%BF")]
    public void Encode_lone_surrogates(string units, string encoded) =>
        Assert.Equal(encoded, UrlCodec.Encode(Utf16NativesTests.FromUnits(units)));

    [Theory]
    [InlineData("a%20b%26c%3Dd%2Fe%3Ff%C3%A9%2B%25%7E._-%2A%27%28%29%21", "a b&c=d/e?f\u00e9+%~._-*'()!")]
    [InlineData("a+b%20c", "a b c")]
    [InlineData("x%C3%A9%F0%9F%98%80y%E6%97%A5", "x\u00e9\U0001F600y\u65e5")]
    // Invalid hex keeps the '%'; a bad continuation counts as 0xFFFF; a continuation byte may lead.
    [InlineData("a+b%20%41%zz%4", "a b A%zz%4")]
    [InlineData("%C3%zz!", "\u00ffzz!")]
    [InlineData("%80%41", "A")]
    [InlineData("100%", "100%")]
    public void Decode(string encoded, string text) => Assert.Equal(text, UrlCodec.Decode(encoded));

    [Fact]
    public void Decode_builds_lone_surrogates_from_out_of_range_sequences() =>
        Assert.Equal(Utf16NativesTests.FromUnits("D7C0DC00"), UrlCodec.Decode("%F0%80%80%80"));

    [Theory]
    [InlineData("%C3x")]
    [InlineData("%E2%82")]
    public void Decode_rejects_a_truncated_sequence(string encoded) => Assert.Null(UrlCodec.Decode(encoded));

    [Fact]
    public void Natives_return_length_and_raise_hls_error()
    {
        using var f = new RuntimeFixture();
        var encode = (delegate* unmanaged<nint, int*, nint>)f.Native("std", "url_encode");
        var decode = (delegate* unmanaged<nint, int*, nint>)f.Native("std", "url_decode");
        var len = 0;
        var e = encode(f.Runtime.Strings.AllocUtf16("\u00e9 x"), &len);
        Assert.Equal("%C3%A9%20x", HlStrings.ReadUtf16(e, len));
        Assert.Equal(10, len);
        var d = decode(e, &len);
        Assert.Equal("\u00e9 x", HlStrings.ReadUtf16Z(d));
        Assert.Equal(3, len);
        Assert.Null(f.TakePendingError());
        Assert.Equal(0, decode(f.Runtime.Strings.AllocUtf16("%C3x"), &len));
        Assert.Equal("Malformed URL encoded", f.TakePendingError());
    }
}
