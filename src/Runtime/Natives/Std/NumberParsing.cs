using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Frontend.Model;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;

namespace Vm.Runtime.Natives.Std;

/// <summary>
/// hl's parse_int and parse_float (behind Std.parseInt/parseFloat). Both read UTF-16 text up to its
/// terminating zero; here the end of the span plays the terminator.
/// </summary>
public static class NumberParse
{
    /// <summary>hl returns its own quiet NaN (sign bit clear), not .NET's default one.</summary>
    public static readonly double HlNaN = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0000);

    private static bool IsSpace(char c) => c == ' ' || (c > 8 && c < 14);

    private static char At(ReadOnlySpan<char> s, int i) => i < s.Length ? s[i] : '\0';

    /// <summary>
    /// hl's parse_int. <paramref name="byteLength"/> is the length argument hl receives (Haxe passes
    /// the string length in bytes); hl only uses it to bound the "0x" prefix test.
    /// </summary>
    public static int? ParseInt(ReadOnlySpan<char> s, int byteLength)
    {
        var i = 0;
        while (i < s.Length && IsSpace(s[i]))
            i++;
        var sign = At(s, i);
        var signed = sign is '-' or '+';
        // hl subtracts the skipped code units from the byte length: mixed units, kept as is.
        var remaining = byteLength - i;
        var hex = signed
            ? remaining >= 3 && At(s, i + 1) == '0' && At(s, i + 2) is 'x' or 'X'
            : remaining >= 2 && At(s, i) == '0' && At(s, i + 1) is 'x' or 'X';
        if (hex)
        {
            var h = 0;
            for (var k = i + (signed ? 3 : 2); k < s.Length; k++)
            {
                var c = s[k];
                int d;
                if (c is >= '0' and <= '9')
                    d = c - '0';
                else if (c is >= 'A' and <= 'F')
                    d = c - 'A' + 10;
                else if (c is >= 'a' and <= 'f')
                    d = c - 'a' + 10;
                else
                    break;
                h = (h << 4) | d;
            }
            return sign == '-' ? unchecked(-h) : h;
        }
        // Decimal: the sign and digits, 16 characters at most, read as a 64-bit long then truncated to 32 bits.
        var n = signed ? 1 : 0;
        long v = 0;
        var any = false;
        while (n < 16)
        {
            var c = At(s, i + n);
            if (c is < '0' or > '9')
                break;
            v = v * 10 + (c - '0');
            any = true;
            n++;
        }
        if (!any)
            return null;
        return unchecked((int)(sign == '-' ? -v : v));
    }

    /// <summary>hl's parse_float: NaN when no number starts the text (after blanks).</summary>
    public static double ParseFloat(ReadOnlySpan<char> s)
    {
        var i = 0;
        while (i < s.Length && IsSpace(s[i]))
            i++;
        // hl copies at most 30 characters that may belong to a number, then lets strtod read them.
        Span<char> buf = stackalloc char[30];
        var n = 0;
        while (n < 30 && i + n < s.Length)
        {
            var c = s[i + n];
            if (c is not ((>= '0' and <= '9') or '.' or 'e' or 'E' or '-' or '+'))
                break;
            buf[n++] = c;
        }
        var end = StrtodPrefix(buf[..n]);
        if (end == 0)
            return HlNaN;
        return double.Parse(buf[..end], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Length of the longest prefix strtod accepts as a decimal number (0 when none).</summary>
    private static int StrtodPrefix(ReadOnlySpan<char> b)
    {
        var p = 0;
        if (p < b.Length && b[p] is '-' or '+')
            p++;
        var digits = 0;
        while (p < b.Length && char.IsAsciiDigit(b[p]))
        {
            p++;
            digits++;
        }
        if (p < b.Length && b[p] == '.')
        {
            p++;
            while (p < b.Length && char.IsAsciiDigit(b[p]))
            {
                p++;
                digits++;
            }
        }
        if (digits == 0)
            return 0;
        if (p < b.Length && b[p] is 'e' or 'E')
        {
            var q = p + 1;
            if (q < b.Length && b[q] is '-' or '+')
                q++;
            if (q < b.Length && char.IsAsciiDigit(b[q]))
            {
                while (q < b.Length && char.IsAsciiDigit(b[q]))
                    q++;
                p = q;
            }
        }
        return p;
    }
}

/// <summary>The parse_int / parse_float natives.</summary>
public static unsafe class NumberParseNatives
{
    [HlNative("std", "parse_int"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint ParseInt(nint bytes, int pos, int length)
    {
        if (bytes == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        if (NumberParse.ParseInt(StdMemory.Utf16Span(bytes + pos), length) is not { } v)
            return 0;
        var rt = VmThread.Current.Runtime;
        try
        {
            var box = rt.AllocateDynamic(rt.Types.Builtin(TypeKind.I32));
            *(int*)(box + ValueLayout.DynamicValue) = v;
            return box;
        }
        catch (OutOfMemoryException)
        {
            HlErrors.Raise("Out of memory");
            return 0;
        }
    }

    [HlNative("std", "parse_float"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double ParseFloat(nint bytes, int pos, int length)
    {
        if (bytes != 0)
            return NumberParse.ParseFloat(StdMemory.Utf16Span(bytes + pos));
        HlErrors.NullAccess();
        return NumberParse.HlNaN;
    }
}
