using Vm.Frontend.Model;
using Vm.Runtime.Natives.Std;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Natives;

/// <summary>parse_int / parse_float on the inputs of StdFunctions.hx, expected values from StdFunctions.out.</summary>
public class NumberParseTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("-1", -1)]
    [InlineData("+5", 5)]
    [InlineData("  42", 42)]
    [InlineData("42  ", 42)]
    [InlineData("12abc", 12)]
    [InlineData("abc", null)]
    [InlineData("", null)]
    [InlineData("0x1F", 31)]
    [InlineData("0X10", 16)]
    [InlineData("-0x10", -16)]
    [InlineData("2147483647", 2147483647)]
    [InlineData("2147483648", -2147483648)]
    [InlineData("-2147483648", -2147483648)]
    [InlineData("99999999999", 1215752191)]
    [InlineData("3.9", 3)]
    [InlineData("-3.9", -3)]
    [InlineData("1e3", 1)]
    [InlineData("  -7x", -7)]
    [InlineData("\t8", 8)]
    [InlineData("007", 7)]
    [InlineData("0x", 0)]
    [InlineData("--1", null)]
    [InlineData("+-1", null)]
    [InlineData("0b101", 0)]
    [InlineData("\u00e9", null)]
    public void ParseInt_matches_StdFunctions(string text, int? expected) =>
        Assert.Equal(expected, NumberParse.ParseInt(text, text.Length << 1));

    [Theory]
    // hl reads 16 characters at most (sign included) as a 64-bit number, then keeps the low 32 bits.
    [InlineData("12345678901234567", unchecked((int)1234567890123456L))]
    [InlineData("-123456789012345678", unchecked((int)-123456789012345L))]
    // Hex digits shift in without limit.
    [InlineData("0x123456789", 0x23456789)]
    [InlineData("-0x80000000", int.MinValue)]
    [InlineData("\n\v\f\r 9", 9)]
    public void ParseInt_limits(string text, int expected) =>
        Assert.Equal(expected, NumberParse.ParseInt(text, text.Length << 1));

    [Theory]
    [InlineData("0", "0")]
    [InlineData("1.5", "1.5")]
    [InlineData("-1.5", "-1.5")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "5")]
    [InlineData("1e3", "1000")]
    [InlineData("1E-3", "0.001")]
    [InlineData("-1.2e+2", "-120")]
    [InlineData("  3.25", "3.25")]
    [InlineData("3.25abc", "3.25")]
    [InlineData("abc", "NaN")]
    [InlineData("", "NaN")]
    [InlineData("inf", "NaN")]
    [InlineData("NaN", "NaN")]
    [InlineData("Infinity", "NaN")]
    [InlineData("-0", "-0")]
    [InlineData("0x10", "0")]
    [InlineData("1e400", "inf")]
    [InlineData("123456789012345678901234567890", "1.23456789012346e+29")]
    [InlineData("1.7976931348623157e308", "1.79769313486232e+308")]
    [InlineData("4.9e-324", "4.94065645841247e-324")]
    [InlineData("+2.5", "2.5")]
    [InlineData("1.2.3", "1.2")]
    [InlineData("  -.5e1x", "-5")]
    public void ParseFloat_matches_StdFunctions(string text, string printed) =>
        Assert.Equal(printed, FloatFormat.Format(NumberParse.ParseFloat(text)));

    [Fact]
    public void ParseFloat_reads_thirty_characters_at_most()
    {
        // 31 digits: hl's buffer keeps 30 of them.
        Assert.Equal(1.2345678901234568e29, NumberParse.ParseFloat("1234567890123456789012345678901"));
        Assert.Equal(1.0, NumberParse.ParseFloat("1e"));
        Assert.Equal(2.0, NumberParse.ParseFloat("2e+"));
    }

    [Fact]
    public void ParseFloat_failure_is_hls_positive_nan() =>
        Assert.Equal(0x7FF8000000000000UL, BitConverter.DoubleToUInt64Bits(NumberParse.ParseFloat("x")));

    [Fact]
    public unsafe void Natives_box_the_int_and_return_floats()
    {
        using var f = new RuntimeFixture();
        var parseInt = (delegate* unmanaged<nint, int, int, nint>)f.Native("std", "parse_int");
        var parseFloat = (delegate* unmanaged<nint, int, int, double>)f.Native("std", "parse_float");
        var s = f.Runtime.Strings.AllocUtf16("  -0x10");
        var box = parseInt(s, 0, 14);
        Assert.Equal(f.Runtime.Types.Builtin(TypeKind.I32).Native, *(nint*)box);
        Assert.Equal(-16, *(int*)(box + ValueLayout.DynamicValue));
        Assert.Equal(0, parseInt(f.Runtime.Strings.AllocUtf16("--1"), 0, 6));
        // pos is a byte offset into the buffer.
        Assert.Equal(25.0, parseFloat(f.Runtime.Strings.AllocUtf16("x2.5e1"), 2, 10));
        Assert.Null(f.TakePendingError());
    }
}
