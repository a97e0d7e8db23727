using Vm.Runtime.Natives.Std;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Natives;

/// <summary>ucs2_upper / ucs2_lower: StringUnicode.out and StringBasics.out, and entries of hl's case table.</summary>
public unsafe class CaseMappingTests
{
    [Theory]
    [InlineData("caf\u00e9", "CAF\u00c9", "caf\u00e9")]
    [InlineData("na\u00efve", "NA\u00cfVE", "na\u00efve")]
    [InlineData("\u00c9t\u00e9", "\u00c9T\u00c9", "\u00e9t\u00e9")]
    [InlineData("\u65e5\u672c\u8a9e", "\u65e5\u672c\u8a9e", "\u65e5\u672c\u8a9e")]
    [InlineData("a\U0001F4A9b", "A\U0001F4A9B", "a\U0001F4A9b")]
    [InlineData("\u0391\u03b2\u03b3", "\u0391\u0392\u0393", "\u03b1\u03b2\u03b3")]
    [InlineData("\u00df", "\u00df", "\u00df")]
    [InlineData("MiXeD 123 _!", "MIXED 123 _!", "mixed 123 _!")]
    public void Maps_like_the_corpus(string s, string upper, string lower)
    {
        Assert.Equal(upper, CaseMapping.ToUpper(s));
        Assert.Equal(lower, CaseMapping.ToLower(s));
    }

    [Theory]
    // hl's table, not .NET's: dotless/dotted i, titlecase digraphs, Georgian, newer Unicode letters.
    [InlineData(0x0131, 0x0049, 0x0131)]
    [InlineData(0x0130, 0x0130, 0x0069)]
    [InlineData(0x00FF, 0x0178, 0x00FF)]
    [InlineData(0x00B5, 0x039C, 0x00B5)]
    [InlineData(0x01C4, 0x01C5, 0x01C6)]
    [InlineData(0x01C5, 0x01C5, 0x01C6)]
    [InlineData(0x01C6, 0x01C5, 0x01C6)]
    [InlineData(0x10D0, 0x10D0, 0x10D0)]
    [InlineData(0x1C90, 0x1C90, 0x1C90)]
    [InlineData(0x2C2F, 0x2C2F, 0x2C2F)]
    [InlineData(0xA7C5, 0xA7C5, 0xA7C5)]
    [InlineData(0x03C2, 0x03A3, 0x03C2)]
    [InlineData(0xFF41, 0xFF21, 0xFF41)]
    [InlineData(0xD83D, 0xD83D, 0xD83D)]
    public void Single_units(int c, int upper, int lower)
    {
        Assert.Equal(upper, CaseMapping.ToUpper((char)c));
        Assert.Equal(lower, CaseMapping.ToLower((char)c));
    }

    [Fact]
    public void Natives_copy_a_range_and_terminate_it()
    {
        using var f = new RuntimeFixture();
        var upper = (delegate* unmanaged<nint, int, int, nint>)f.Native("std", "ucs2_upper");
        var lower = (delegate* unmanaged<nint, int, int, nint>)f.Native("std", "ucs2_lower");
        var s = f.Runtime.Strings.AllocUtf16("xcaf\u00e9 ABC");
        Assert.Equal("CAF\u00c9", HlStrings.ReadUtf16Z(upper(s, 2, 4)));
        Assert.Equal("caf\u00e9 abc", HlStrings.ReadUtf16Z(lower(s, 2, 8)));
        Assert.Equal("", HlStrings.ReadUtf16Z(upper(s, 0, 0)));
        Assert.Null(f.TakePendingError());
    }
}
