using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Natives.Std;

/// <summary>
/// UTF-8 / UTF-16 conversions with hl's exact leniency: no validation beyond what hl checks, lone
/// surrogates encoded as if paired, decoding stopped at the first sequence hl rejects.
/// </summary>
public static unsafe class Utf
{
    /// <summary>Code units hl decodes from zero-terminated UTF-8 (hl_utf8_length): stops before a malformed sequence.</summary>
    public static int Utf16Length(byte* s)
    {
        var len = 0;
        while (true)
        {
            var c = *s;
            len++;
            if (c < 0x80)
            {
                if (c == 0)
                    return len - 1;
                s++;
            }
            else if (c < 0xC0)
            {
                return len - 1;
            }
            else if (c < 0xE0)
            {
                if ((s[1] & 0x80) == 0)
                    return len - 1;
                s += 2;
            }
            else if (c < 0xF0)
            {
                if ((s[1] & 0x80) == 0 || (s[2] & 0x80) == 0)
                    return len - 1;
                s += 3;
            }
            else if (c < 0xF8)
            {
                if ((s[1] & 0x80) == 0 || (s[2] & 0x80) == 0 || (s[3] & 0x80) == 0)
                    return len - 1;
                len++; // a surrogate pair
                s += 4;
            }
            else
            {
                return len; // counted, then the count stops
            }
        }
    }

    /// <summary>Decodes up to <paramref name="outLen"/> code units (hl_from_utf8) and writes a terminating zero.</summary>
    public static void DecodeUtf8(byte* s, char* o, int outLen)
    {
        var p = 0;
        while (p++ < outLen)
        {
            uint c = *s++;
            if (c < 0x80)
            {
                if (c == 0)
                    break;
            }
            else if (c < 0xE0)
            {
                c = ((c & 0x3F) << 6) | (*s++ & 0x7Fu);
            }
            else if (c < 0xF0)
            {
                uint c2 = *s++;
                c = ((c & 0x1F) << 12) | ((c2 & 0x7F) << 6) | (*s++ & 0x7Fu);
            }
            else
            {
                // No room left for the pair (only a 0xF8+ byte counted last gets here): hl stops.
                if (p == outLen)
                    break;
                p++;
                uint c2 = *s++;
                uint c3 = *s++;
                c = (((c & 0x0F) << 18) | ((c2 & 0x7F) << 12) | ((c3 & 0x7F) << 6) | (*s++ & 0x7Fu)) - 0x10000;
                *o++ = (char)((c >> 10) + 0xD800);
                *o++ = (char)((c & 0x3FF) | 0xDC00);
                continue;
            }
            *o++ = (char)c;
        }
        *o = '\0';
    }

    /// <summary>
    /// Bytes of the UTF-8 form of <paramref name="length"/> code units, or of the zero-terminated text
    /// when <paramref name="length"/> is 0 (hl_utf16_to_utf8's convention), terminator excluded.
    /// </summary>
    public static int Utf8Size(char* s, int length) => Encode(s, length, null);

    /// <summary>Writes the UTF-8 form (see <see cref="Utf8Size"/>); in zero-terminated mode a terminating zero too.</summary>
    public static void EncodeUtf8(char* s, int length, byte* o)
    {
        var n = Encode(s, length, o);
        if (length == 0)
            o[n] = 0;
    }

    /// <summary>
    /// Counts (<paramref name="o"/> null) or writes the UTF-8 bytes. Any surrogate, paired or not, takes
    /// the next unit as its low half. Where hl would then read past the text (a surrogate last), the
    /// partner is 0 and the text ends; a negative length is an empty text.
    /// </summary>
    private static int Encode(char* s, int length, byte* o)
    {
        var zeroTerminated = length == 0;
        var end = zeroTerminated ? null : s + Math.Max(0, length);
        var p = 0;
        for (var c = s; c != end; c++)
        {
            uint v = *c;
            if (v < 0x80)
            {
                if (v == 0 && zeroTerminated)
                    break;
                if (o != null)
                    o[p] = (byte)v;
                p++;
            }
            else if (v < 0x800)
            {
                if (o != null)
                {
                    o[p] = (byte)(0xC0 | (v >> 6));
                    o[p + 1] = (byte)(0x80 | (v & 63));
                }
                p += 2;
            }
            else if (v is >= 0xD800 and <= 0xDFFF)
            {
                var last = zeroTerminated ? c[1] == 0 : c + 1 == end;
                uint partner = last ? 0u : c[1];
                if (o != null)
                {
                    var k = ((((int)v - 0xD800) << 10) | ((int)partner - 0xDC00)) + 0x10000;
                    o[p] = (byte)(0xF0 | (k >> 18));
                    o[p + 1] = (byte)(0x80 | ((k >> 12) & 63));
                    o[p + 2] = (byte)(0x80 | ((k >> 6) & 63));
                    o[p + 3] = (byte)(0x80 | (k & 63));
                }
                p += 4;
                if (last)
                    break;
                c++;
            }
            else
            {
                if (o != null)
                {
                    o[p] = (byte)(0xE0 | (v >> 12));
                    o[p + 1] = (byte)(0x80 | ((v >> 6) & 63));
                    o[p + 2] = (byte)(0x80 | (v & 63));
                }
                p += 3;
            }
        }
        return p;
    }

    /// <summary>The UTF-8 bytes hl produces for a zero-terminated copy of <paramref name="text"/>, terminator excluded.</summary>
    public static byte[] ToUtf8(ReadOnlySpan<char> text)
    {
        var z = new char[text.Length + 1];
        text.CopyTo(z);
        fixed (char* s = z)
        {
            var bytes = new byte[Utf8Size(s, 0)];
            fixed (byte* o = bytes)
                Encode(s, 0, o);
            return bytes;
        }
    }

    /// <summary>UTF-16 units hl decodes from UTF-8 bytes (which end at the first zero or the span's end).</summary>
    public static string FromUtf8(ReadOnlySpan<byte> utf8)
    {
        // Three spare zero bytes: hl may look up to three bytes ahead of a lead byte.
        var z = new byte[utf8.Length + 4];
        utf8.CopyTo(z);
        fixed (byte* s = z)
        {
            var n = Utf16Length(s);
            var chars = new char[n + 1];
            fixed (char* o = chars)
                DecodeUtf8(s, o, n);
            return new string(chars, 0, n);
        }
    }
}

/// <summary>Natives on UTF-16 buffers: conversions, lengths, comparison, field hashing.</summary>
public static unsafe class Utf16Natives
{
    [HlNative("std", "utf8_to_utf16"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Utf8ToUtf16(nint bytes, int pos, int* size)
    {
        if (bytes == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        var s = (byte*)(bytes + pos);
        var units = Utf.Utf16Length(s);
        var o = StdMemory.Alloc((units + 1L) * 2);
        if (o == 0)
            return 0;
        Utf.DecodeUtf8(s, (char*)o, units);
        StdMemory.Store(size, units << 1);
        return o;
    }

    [HlNative("std", "utf16_to_utf8"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Utf16ToUtf8(nint chars, int length, int* size)
    {
        if (chars == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        var n = Utf.Utf8Size((char*)chars, length);
        var o = StdMemory.Alloc(n + 1L);
        if (o == 0)
            return 0;
        Utf.EncodeUtf8((char*)chars, length, (byte*)o);
        StdMemory.Store(size, n);
        return o;
    }

    [HlNative("std", "ucs2length"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Ucs2Length(nint chars, int pos)
    {
        if (chars != 0)
            return StdMemory.Utf16Length((char*)(chars + pos));
        HlErrors.NullAccess();
        return 0;
    }

    /// <summary>hl compares the raw memory (memcmp): byte order, not code-unit order, and the byte difference.</summary>
    public static int StringCompare(char* a, char* b, int length) =>
        BytesNatives.MemCompare((byte*)a, (byte*)b, (long)length * 2);

    [HlNative("std", "string_compare"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int StringCompareNative(nint a, nint b, int length) => StringCompare((char*)a, (char*)b, length);

    /// <summary>hl's hash: the field-name hash of the zero-terminated text, registered for reverse lookup.</summary>
    [HlNative("std", "hash"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Hash(nint chars)
    {
        if (chars != 0)
            return VmThread.Current.Runtime.FieldHashes.Hash(new string(StdMemory.Utf16Span(chars)));
        HlErrors.NullAccess();
        return 0;
    }
}
