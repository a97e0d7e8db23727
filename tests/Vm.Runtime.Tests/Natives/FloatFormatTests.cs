using Vm.Runtime.Natives.Std;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Natives;

/// <summary>
/// ftos / itos. Expected texts are lines of the conformance corpus (FloatBasics.out, MathFuncs.out)
/// and glibc's printf output for the same doubles (the C library hl's ftos formats with).
/// </summary>
public class FloatFormatTests
{
    [Theory]
    // FloatBasics.out
    [InlineData(1.0 / 3, "0.333333333333333")]
    [InlineData(2.0 / 3, "0.666666666666667")]
    [InlineData(0.1 + 0.2, "0.3")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(-0.0, "-0")]
    [InlineData(0.0, "0")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "1e+20")]
    [InlineData(1e15, "1e+15")]
    [InlineData(5e14, "500000000000000")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(5e-6, "5e-06")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(6.15e-5, "6.15e-05")]
    [InlineData(5e-324, "4.94065645841247e-324")]
    [InlineData(1.7976931348623157e308, "1.79769313486232e+308")]
    [InlineData(2.2250738585072014e-308, "2.2250738585072e-308")]
    [InlineData(1.1125369292536007e-308, "1.1125369292536e-308")]
    [InlineData(123456789012345678.0, "1.23456789012346e+17")]
    [InlineData(9007199254740993.0, "9.00719925474099e+15")]
    [InlineData(9007199254740992.0 / 2, "4.5035996273705e+15")]
    [InlineData(2147483648.0 * 2147483648.0, "4.61168601842739e+18")]
    [InlineData(33.333333333333336, "33.3333333333333")]
    [InlineData(100.0 / 7, "14.2857142857143")]
    [InlineData(1073741823.5, "1073741823.5")]
    [InlineData(-1073741824.5, "-1073741824.5")]
    [InlineData(-123.456, "-123.456")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(1e100, "1e+100")]
    [InlineData(-1e-100, "-1e-100")]
    [InlineData(1.1 * 1.1, "1.21")]
    [InlineData(9998.0001, "9998.0001")]
    [InlineData(281474976710656.0, "281474976710656")]
    [InlineData(1.152921504606847e18, "1.15292150460685e+18")]
    // MathFuncs.out
    [InlineData(Math.PI, "3.14159265358979")]
    [InlineData(0.000999999833333342, "0.000999999833333342")]
    [InlineData(2.6881171418161356e43, "2.68811714181614e+43")]
    public void Ftos_matches_the_reference_output(double value, string expected) =>
        Assert.Equal(expected, FloatFormat.Format(value));

    [Theory]
    // Exact halves at the 16th digit round to even, as glibc's printf does.
    [InlineData(0x42D6BCC41E9000A0UL, "100000000000002")]
    [InlineData(0x42D6BCC41E9000E0UL, "100000000000004")]
    [InlineData(0x430C6BF52633FFFCUL, "1e+15")]
    [InlineData(0x4341C37937E07FFEUL, "1e+16")]
    [InlineData(0x3FD3333333333334UL, "0.3")]
    [InlineData(0x42A674E79C5FE500UL, "12345678901234.5")]
    [InlineData(0x3F202E85BE180B74UL, "0.000123456789012346")]
    [InlineData(0x3F1A36E2EB1C432DUL, "0.0001")]
    [InlineData(0x3E7AD7F29ABCAF48UL, "1e-07")]
    // Denormals
    [InlineData(0x000FFFFFFFFFFFFFUL, "2.2250738585072e-308")]
    [InlineData(0x0000000000002710UL, "4.94065645841247e-320")]
    [InlineData(0x800012688B70E62BUL, "-9.99999999999997e-311")]
    public void Ftos_rounds_like_glibc(ulong bits, string expected) =>
        Assert.Equal(expected, FloatFormat.Format(BitConverter.UInt64BitsToDouble(bits)));

    [Theory]
    // glibc's %.17g, %.9g and %.1g of the same doubles.
    [InlineData(0x3FB999999999999AUL, 17, "0.10000000000000001")]
    [InlineData(0x3EE4F8B588E368F1UL, 17, "1.0000000000000001e-05")]
    [InlineData(0x0000000000000001UL, 17, "4.9406564584124654e-324")]
    [InlineData(0x7FEFFFFFFFFFFFFFUL, 17, "1.7976931348623157e+308")]
    [InlineData(0x3E7AD7F29ABCAF48UL, 17, "9.9999999999999995e-08")]
    [InlineData(0x430C6BF526340000UL, 17, "1000000000000000")]
    [InlineData(0x3FE5555555555555UL, 9, "0.666666667")]
    [InlineData(0x437B69B4BA630F35UL, 9, "1.23456789e+17")]
    [InlineData(0x0000000000000001UL, 9, "4.94065646e-324")]
    [InlineData(0x4004000000000000UL, 1, "2")]
    [InlineData(0x4021000000000000UL, 1, "8")]
    [InlineData(0x3FD0000000000000UL, 1, "0.2")]
    [InlineData(0x7FEFFFFFFFFFFFFFUL, 1, "2e+308")]
    public void FormatG_matches_glibc_at_other_precisions(ulong bits, int precision, string expected) =>
        Assert.Equal(expected, FloatFormat.FormatG(BitConverter.UInt64BitsToDouble(bits), precision));

    [Fact]
    public void FormatG_prints_nan_as_C_does()
    {
        Assert.Equal("-nan", FloatFormat.FormatG(double.NaN, 15)); // .NET's NaN has the sign bit set
        Assert.Equal("nan", FloatFormat.FormatG(BitConverter.UInt64BitsToDouble(0x7FF8000000000000), 15));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(-5, "-5")]
    [InlineData(int.MaxValue, "2147483647")]
    [InlineData(int.MinValue, "-2147483648")]
    public unsafe void Itos_through_the_native_entry_point(int value, string expected)
    {
        using var f = new RuntimeFixture();
        var itos = (delegate* unmanaged<int, int*, nint>)f.Native("std", "itos");
        var len = -1;
        var p = itos(value, &len);
        Assert.Equal(expected.Length, len);
        Assert.Equal(expected, HlStrings.ReadUtf16Z(p));
    }

    [Fact]
    public unsafe void Ftos_through_the_native_entry_point()
    {
        using var f = new RuntimeFixture();
        var ftos = (delegate* unmanaged<double, int*, nint>)f.Native("std", "ftos");
        foreach (var (v, text) in new[] { (1e21, "1e+21"), (-0.0, "-0"), (double.NaN, "NaN"), (0.1 + 0.2, "0.3") })
        {
            var len = 0;
            var p = ftos(v, &len);
            Assert.Equal(text, HlStrings.ReadUtf16(p, len));
            Assert.Equal(0, ((char*)p)[len]);
        }
        Assert.Null(f.TakePendingError());
    }
}
