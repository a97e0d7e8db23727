using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Vm.Runtime.Natives.Std;

/// <summary>
/// hl's url_encode / url_decode (StringTools.urlEncode/urlDecode): percent-encoding of the UTF-8
/// form, with hl's exact leniency on malformed input. Text ends at its zero terminator (here: the span's end).
/// </summary>
public static class UrlCodec
{
    private const string Hex = "0123456789ABCDEF";

    private static void AppendHex(StringBuilder b, uint c) =>
        b.Append('%').Append(Hex[(int)((c >> 4) & 0xF)]).Append(Hex[(int)(c & 0xF)]);

    public static string Encode(ReadOnlySpan<char> s)
    {
        var b = new StringBuilder(s.Length * 3);
        for (var i = 0; i < s.Length; i++)
        {
            uint c = s[i];
            if (c == 0)
                break;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.')
            {
                b.Append((char)c);
            }
            else if (c < 0x80)
            {
                AppendHex(b, c);
            }
            else if (c < 0x800)
            {
                AppendHex(b, 0xC0 | (c >> 6));
                AppendHex(b, 0x80 | (c & 63));
            }
            else if (c is >= 0xD800 and <= 0xDBFF && i + 1 < s.Length && s[i + 1] is >= (char)0xDC00 and < (char)0xDFFF)
            {
                // A high surrogate followed by a low one; hl's test leaves out 0xDFFF itself.
                var k = (((c - 0xD800) << 10) | ((uint)s[++i] - 0xDC00)) + 0x10000;
                AppendHex(b, 0xF0 | (k >> 18));
                AppendHex(b, 0x80 | ((k >> 12) & 63));
                AppendHex(b, 0x80 | ((k >> 6) & 63));
                AppendHex(b, 0x80 | (k & 63));
            }
            else
            {
                AppendHex(b, 0xE0 | (c >> 12));
                AppendHex(b, 0x80 | ((c >> 6) & 63));
                AppendHex(b, 0x80 | (c & 63));
            }
        }
        return b.ToString();
    }

    private const ushort Invalid = 0xFFFF;

    private static ushort HexValue(char c) => c switch
    {
        >= '0' and <= '9' => (ushort)(c - '0'),
        >= 'a' and <= 'f' => (ushort)(c - 'a' + 10),
        >= 'A' and <= 'F' => (ushort)(c - 'A' + 10),
        _ => Invalid,
    };

    private static char At(ReadOnlySpan<char> s, int i) => i < s.Length ? s[i] : '\0';

    /// <summary>Two hex digits at <paramref name="i"/> (advancing past them), or 0xFFFF without advancing.</summary>
    private static ushort DecodeHex(ReadOnlySpan<char> s, ref int i)
    {
        var p1 = HexValue(At(s, i));
        if (p1 == Invalid)
            return Invalid;
        var p2 = HexValue(At(s, i + 1));
        if (p2 == Invalid)
            return Invalid;
        i += 2;
        return (ushort)((p1 << 4) | p2);
    }

    /// <summary>
    /// The decoded text, or null where hl raises "Malformed URL encoded" (a multi-byte sequence
    /// whose continuation does not start with '%'). Bad hex digits are not errors: a lone '%' stays,
    /// and a bad continuation counts as 0xFFFF (hl's unsigned "-1" slips past its own check).
    /// </summary>
    public static string? Decode(ReadOnlySpan<char> s)
    {
        var b = new StringBuilder(s.Length);
        var i = 0;
        while (true)
        {
            var c = At(s, i++);
            if (c == 0)
                return b.ToString();
            if (c == '+')
            {
                c = ' ';
            }
            else if (c == '%')
            {
                var p1 = DecodeHex(s, ref i);
                if (p1 == Invalid)
                {
                    b.Append('%');
                    continue;
                }
                if (p1 < 0x80)
                {
                    c = (char)p1;
                }
                else if (p1 < 0xE0)
                {
                    if (!Continuation(s, ref i, out var p2))
                        return null;
                    c = (char)(((p1 & 0x3F) << 6) | (p2 & 0x7F));
                }
                else if (p1 < 0xF0)
                {
                    if (!Continuation(s, ref i, out var p2) || !Continuation(s, ref i, out var p3))
                        return null;
                    c = (char)(((p1 & 0x1F) << 12) | ((p2 & 0x7F) << 6) | (p3 & 0x7F));
                }
                else
                {
                    if (!Continuation(s, ref i, out var p2) || !Continuation(s, ref i, out var p3) || !Continuation(s, ref i, out var p4))
                        return null;
                    var k = (((p1 & 0x0F) << 18) | ((p2 & 0x7F) << 12) | ((p3 & 0x7F) << 6) | (p4 & 0x7F)) - 0x10000;
                    b.Append((char)((k >> 10) + 0xD800));
                    c = (char)((k & 0x3FF) | 0xDC00);
                }
            }
            b.Append(c);
        }
    }

    private static bool Continuation(ReadOnlySpan<char> s, ref int i, out ushort value)
    {
        value = 0;
        if (At(s, i++) != '%')
            return false;
        value = DecodeHex(s, ref i);
        return true;
    }
}

/// <summary>The url_encode / url_decode natives: a new zero-terminated buffer and its length in code units.</summary>
public static unsafe class UrlNatives
{
    private static nint Result(string text, int* length)
    {
        StdMemory.Store(length, text.Length);
        return StdMemory.Utf16Z(text);
    }

    [HlNative("std", "url_encode"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint UrlEncode(nint chars, int* length)
    {
        if (chars != 0)
            return Result(UrlCodec.Encode(StdMemory.Utf16Span(chars)), length);
        HlErrors.NullAccess();
        return 0;
    }

    [HlNative("std", "url_decode"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint UrlDecode(nint chars, int* length)
    {
        if (chars == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        if (UrlCodec.Decode(StdMemory.Utf16Span(chars)) is { } text)
            return Result(text, length);
        HlErrors.Raise("Malformed URL encoded");
        return 0;
    }
}
