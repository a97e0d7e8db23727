using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Std;

/// <summary>
/// Float to text as hl prints it: C's printf "%.Ng" (glibc: correctly rounded, ties to even on
/// exact halves), "inf"/"-inf", and "NaN" for every NaN in <see cref="Format"/> (hl's ftos).
/// </summary>
public static class FloatFormat
{
    /// <summary>Digits hl's ftos keeps (it drops the 16th and 17th to hide binary noise).</summary>
    public const int HlPrecision = 15;

    /// <summary>hl's ftos: "%.15g", except that every NaN prints as "NaN".</summary>
    public static string Format(double value) => double.IsNaN(value) ? "NaN" : FormatG(value, HlPrecision);

    /// <summary>C's "%.<paramref name="precision"/>g" as glibc prints it.</summary>
    public static string FormatG(double value, int precision)
    {
        if (precision <= 0)
            precision = 1; // C treats %.0g as %.1g
        if (double.IsNaN(value))
            return double.IsNegative(value) ? "-nan" : "nan";
        if (double.IsInfinity(value))
            return value > 0 ? "inf" : "-inf";
        var negative = double.IsNegative(value);
        if (value == 0)
            return negative ? "-0" : "0";
        var (digits, exp) = SignificantDigits(Math.Abs(value), precision);
        var sb = new System.Text.StringBuilder(precision + 8);
        if (negative)
            sb.Append('-');
        if (exp < -4 || exp >= precision)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var e = Math.Abs(exp);
            if (e < 10)
                sb.Append('0');
            sb.Append(e.ToString(CultureInfo.InvariantCulture));
        }
        else if (exp >= 0)
        {
            var intDigits = exp + 1;
            if (digits.Length <= intDigits)
                sb.Append(digits).Append('0', intDigits - digits.Length);
            else
                sb.Append(digits, 0, intDigits).Append('.').Append(digits, intDigits, digits.Length - intDigits);
        }
        else
        {
            sb.Append("0.").Append('0', -exp - 1).Append(digits);
        }
        return sb.ToString();
    }

    /// <summary>
    /// The value rounded to at most <paramref name="precision"/> significant digits, trailing zeros
    /// removed, and the decimal exponent of the first digit.
    /// </summary>
    internal static (string Digits, int Exponent) SignificantDigits(double abs, int precision)
    {
        // Up to 15 digits, the shortest round-trip digits are the correctly rounded ones whenever they
        // fit: for a normal double, decimals of 15 digits are more than four ulps apart.
        if (precision <= 15 && double.IsNormal(abs))
        {
            var (shortest, exp) = ParseDecimal(abs.ToString("R", CultureInfo.InvariantCulture));
            if (shortest.Length <= precision)
                return (shortest, exp);
        }
        if (precision <= 40)
        {
            // .NET's fixed-precision digits are exact up to the requested count; 25 guard digits only
            // leave an exact half ambiguous, which the exact expansion settles.
            var (many, exp) = ParseDecimal(abs.ToString("E" + (precision + 24).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            if (!LooksLikeHalf(many, precision))
                return Round(many, exp, precision);
        }
        var (exact, exactExp) = ExactDigits(abs);
        return Round(exact, exactExp, precision);
    }

    private static bool LooksLikeHalf(string digits, int precision)
    {
        if (digits.Length <= precision || digits[precision] != '5')
            return false;
        for (var i = precision + 1; i < digits.Length; i++)
            if (digits[i] != '0')
                return false;
        return true;
    }

    /// <summary>Rounds a digit string (no leading zeros) to nearest, ties to even, and strips trailing zeros.</summary>
    private static (string, int) Round(string digits, int exp, int precision)
    {
        if (digits.Length <= precision)
            return (digits.TrimEnd('0'), exp);
        var up = digits[precision] > '5';
        if (digits[precision] == '5')
        {
            var rest = false;
            for (var i = precision + 1; i < digits.Length && !rest; i++)
                rest = digits[i] != '0';
            up = rest || (digits[precision - 1] - '0') % 2 == 1;
        }
        var kept = digits.ToCharArray(0, precision);
        if (up)
        {
            var i = precision - 1;
            while (i >= 0 && kept[i] == '9')
                kept[i--] = '0';
            if (i < 0)
            {
                // 999... rounds to 1000...: one more digit before the point.
                kept[0] = '1';
                exp++;
            }
            else
            {
                kept[i]++;
            }
        }
        return (new string(kept).TrimEnd('0'), exp);
    }

    /// <summary>Digits (leading and trailing zeros removed) and first-digit exponent of a formatted number.</summary>
    private static (string, int) ParseDecimal(string s)
    {
        var mantissaEnd = s.IndexOfAny(['E', 'e']);
        var exp10 = mantissaEnd < 0 ? 0 : int.Parse(s.AsSpan(mantissaEnd + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = mantissaEnd < 0 ? s : s[..mantissaEnd];
        var sb = new System.Text.StringBuilder(mantissa.Length);
        var intDigits = -1;
        foreach (var c in mantissa)
        {
            if (c == '.')
                intDigits = sb.Length;
            else if (c is >= '0' and <= '9')
                sb.Append(c);
        }
        if (intDigits < 0)
            intDigits = sb.Length;
        var lead = 0;
        while (lead < sb.Length - 1 && sb[lead] == '0')
            lead++;
        var digits = sb.ToString(lead, sb.Length - lead).TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, intDigits - lead + exp10 - 1);
    }

    /// <summary>The complete decimal expansion of a positive finite double.</summary>
    private static (string, int) ExactDigits(double abs)
    {
        var bits = BitConverter.DoubleToInt64Bits(abs);
        var biased = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        int exp2;
        if (biased == 0)
        {
            exp2 = -1074;
        }
        else
        {
            mantissa |= 1L << 52;
            exp2 = biased - 1075;
        }
        string digits;
        int pointShift;
        if (exp2 >= 0)
        {
            digits = (new BigInteger(mantissa) << exp2).ToString(CultureInfo.InvariantCulture);
            pointShift = 0;
        }
        else
        {
            // m * 2^e == m * 5^-e * 10^e
            digits = (new BigInteger(mantissa) * BigInteger.Pow(5, -exp2)).ToString(CultureInfo.InvariantCulture);
            pointShift = exp2;
        }
        var exp = digits.Length - 1 + pointShift;
        return (digits.TrimEnd('0'), exp);
    }
}

/// <summary>hl's itos and ftos: a number as a new zero-terminated UTF-16 buffer and its length.</summary>
public static unsafe class NumberFormatNatives
{
    internal static string IntToString(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static nint Result(string text, int* length)
    {
        StdMemory.Store(length, text.Length);
        return StdMemory.Utf16Z(text);
    }

    [HlNative("std", "itos"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Itos(int value, int* length) => Result(IntToString(value), length);

    [HlNative("std", "ftos"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Ftos(double value, int* length) => Result(FloatFormat.Format(value), length);
}
