using Vm.Runtime.Natives.Std;

namespace Vm.Runtime.Tests.Natives;

/// <summary>math_*: values as printed in MathFuncs.out and IntFloatConv.out.</summary>
public unsafe class MathNativesTests
{
    [Theory]
    [InlineData(0.5, 0, 1, 1, "0", "1", "1")]
    [InlineData(-0.4, -1, 0, 0, "-1", "-0", "0")]
    [InlineData(-0.5, -1, 0, 0, "-1", "-0", "0")]
    [InlineData(-0.6, -1, 0, -1, "-1", "-0", "-1")]
    [InlineData(-1.5, -2, -1, -1, "-2", "-1", "-1")]
    [InlineData(2.5, 2, 3, 3, "2", "3", "3")]
    [InlineData(-2.5, -3, -2, -2, "-3", "-2", "-2")]
    [InlineData(2147483647.5, 2147483647, int.MinValue, int.MinValue, "2147483647", "2147483648", "2147483648")]
    [InlineData(2147483648.0, int.MinValue, int.MinValue, int.MinValue, "2147483648", "2147483648", "2147483648")]
    [InlineData(-2147483648.5, int.MinValue, int.MinValue, int.MinValue, "-2147483649", "-2147483648", "-2147483648")]
    [InlineData(4294967301.0, int.MinValue, int.MinValue, int.MinValue, "4294967301", "4294967301", "4294967301")]
    [InlineData(double.NaN, int.MinValue, int.MinValue, int.MinValue, "NaN", "NaN", "NaN")]
    [InlineData(double.PositiveInfinity, int.MinValue, int.MinValue, int.MinValue, "inf", "inf", "inf")]
    [InlineData(-5e-324, -1, 0, 0, "-1", "-0", "0")]
    public void Rounding_matches_IntFloatConv(double x, int floor, int ceil, int round, string ffloor, string fceil, string fround)
    {
        using var f = new RuntimeFixture();
        Assert.Equal(floor, ((delegate* unmanaged<double, int>)f.Native("std", "math_floor"))(x));
        Assert.Equal(ceil, ((delegate* unmanaged<double, int>)f.Native("std", "math_ceil"))(x));
        Assert.Equal(round, ((delegate* unmanaged<double, int>)f.Native("std", "math_round"))(x));
        Assert.Equal(ffloor, FloatFormat.Format(((delegate* unmanaged<double, double>)f.Native("std", "math_ffloor"))(x)));
        Assert.Equal(fceil, FloatFormat.Format(((delegate* unmanaged<double, double>)f.Native("std", "math_fceil"))(x)));
        Assert.Equal(fround, FloatFormat.Format(((delegate* unmanaged<double, double>)f.Native("std", "math_fround"))(x)));
    }

    [Theory]
    [InlineData("math_sqrt", 0.5, "0.707106781186548")]
    [InlineData("math_sqrt", -1.0, "NaN")]
    [InlineData("math_exp", 3.7, "40.4473043600674")]
    [InlineData("math_exp", 1000.0, "inf")]
    [InlineData("math_log", 0.001, "-6.90775527898214")]
    [InlineData("math_log", 0.0, "-inf")]
    [InlineData("math_log", -1.0, "NaN")]
    [InlineData("math_sin", 1000000.0, "-0.349993502171293")]
    [InlineData("math_cos", 10.0, "-0.839071529076452")]
    [InlineData("math_tan", -2.5, "0.74702229723866")]
    [InlineData("math_atan", 1000000.0, "1.5707953267949")]
    [InlineData("math_asin", -0.25, "-0.252680255142079")]
    [InlineData("math_acos", 0.001, "1.56979632662823")]
    [InlineData("math_asin", 2.0, "NaN")]
    [InlineData("math_abs", -0.0, "0")]
    [InlineData("math_abs", double.NegativeInfinity, "inf")]
    public void Unary_functions_match_MathFuncs(string name, double x, string printed)
    {
        using var f = new RuntimeFixture();
        Assert.Equal(printed, FloatFormat.Format(((delegate* unmanaged<double, double>)f.Native("std", name))(x)));
    }

    [Theory]
    [InlineData("math_pow", 2.0, 3.7, "12.9960383416998")]
    [InlineData("math_pow", 0.0, 0.0, "1")]
    [InlineData("math_pow", -8.0, 1.0 / 3, "NaN")]
    [InlineData("math_pow", 2.0, -1074.0, "4.94065645841247e-324")]
    [InlineData("math_pow", 10.0, 308.0, "1e+308")]
    [InlineData("math_pow", 10.0, 309.0, "inf")]
    [InlineData("math_atan2", -1.0, -1.0, "-2.35619449019234")]
    [InlineData("math_atan2", 0.0, -1.0, "3.14159265358979")]
    [InlineData("math_atan2", 1.0, 0.0, "1.5707963267949")]
    public void Binary_functions_match_MathFuncs(string name, double a, double b, string printed)
    {
        using var f = new RuntimeFixture();
        Assert.Equal(printed, FloatFormat.Format(((delegate* unmanaged<double, double, double>)f.Native("std", name))(a, b)));
    }

    [Fact]
    public void Classification()
    {
        using var f = new RuntimeFixture();
        var isNaN = (delegate* unmanaged<double, byte>)f.Native("std", "math_isnan");
        var isFinite = (delegate* unmanaged<double, byte>)f.Native("std", "math_isfinite");
        // MathFuncs.out: isNaN true false false / isFinite true false false
        Assert.Equal([1, 0, 0], new[] { isNaN(double.NaN), isNaN(1.0), isNaN(double.PositiveInfinity) });
        Assert.Equal([1, 0, 0], new[] { isFinite(1.0), isFinite(double.NaN), isFinite(double.NegativeInfinity) });
        Assert.Equal(1, isFinite(5e-324));
    }

    [Theory]
    [InlineData(0.49999999999999994, 1)]
    [InlineData(1.9999999, 2)]
    [InlineData(-1.9999999, -2)]
    [InlineData(-123456.789, -123457)]
    public void Round_is_floor_of_x_plus_half(double x, int expected) =>
        Assert.Equal(expected, MathNatives.TruncateToInt32(MathNatives.Fround(x)));
}
