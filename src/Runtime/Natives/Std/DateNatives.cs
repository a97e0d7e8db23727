using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Std;

/// <summary>
/// hl's date natives. A Date is an Int of seconds since 1970: mktime's result truncated to 32 bits,
/// read back as unsigned (so dates run from 1970 to 2106 and earlier ones wrap), in the local
/// time zone (TZ) like hl's C library calls.
/// </summary>
public static unsafe class DateNatives
{
    /// <summary>The zone hl's localtime/mktime use: the process's local zone (TZ on Linux).</summary>
    internal static TimeZoneInfo Zone => TimeZoneInfo.Local;

    /// <summary>date_new: mktime of the fields (month 0-11; any field may overflow), truncated to Int.</summary>
    public static int New(int year, int month, int day, int hour, int minute, int second, TimeZoneInfo zone) =>
        unchecked((int)CivilTime.MakeTime(year - 1900, month, day, hour, minute, second, zone));

    public static string ToString(int date, TimeZoneInfo zone) => CivilTime.Format(CivilTime.LocalTime((uint)date, zone));

    public static double GetTime(int date) => (uint)date * 1000.0;

    /// <summary>date_from_time: C's (unsigned) conversion of t / 1000 as x86-64 does it: a 64-bit truncation, low half kept.</summary>
    public static int FromTime(double time)
    {
        var seconds = time / 1000.0;
        return seconds > -9223372036854775809.0 && seconds < 9223372036854775808.0 ? unchecked((int)(long)seconds) : 0;
    }

    /// <summary>
    /// date_from_string on the UTF-8 form of the text: "YYYY-MM-DD hh:mm:ss" and "YYYY-MM-DD" are local
    /// times, "hh:mm:ss" a number of seconds. Null for any other length (hl's "Invalid date format").
    /// </summary>
    public static int? FromString(ReadOnlySpan<char> text, TimeZoneInfo zone)
    {
        var utf8 = Utf.ToUtf8(text);
        switch (utf8.Length)
        {
            case 19:
            {
                var v = CivilTime.Scan(utf8, "%4d-%2d-%2d %2d:%2d:%2d");
                return unchecked((int)CivilTime.MakeTime(v[0] - 1900, v[1] - 1, v[2], v[3], v[4], v[5], zone));
            }
            case 10:
            {
                var v = CivilTime.Scan(utf8, "%4d-%2d-%2d");
                return unchecked((int)CivilTime.MakeTime(v[0] - 1900, v[1] - 1, v[2], 0, 0, 0, zone));
            }
            case 8:
            {
                var v = CivilTime.Scan(utf8, "%2d:%2d:%2d");
                return unchecked(v[2] + v[1] * 60 + v[0] * 3600);
            }
            default:
                return null;
        }
    }

    private static void Store(BrokenDownTime t, int* y, int* mo, int* day, int* h, int* m, int* s, int* wday)
    {
        StdMemory.Store(y, (int)t.Year);
        StdMemory.Store(mo, t.Month);
        StdMemory.Store(day, t.Day);
        StdMemory.Store(h, t.Hour);
        StdMemory.Store(m, t.Minute);
        StdMemory.Store(s, t.Second);
        StdMemory.Store(wday, t.WeekDay);
    }

    [HlNative("std", "date_now"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Now() => unchecked((int)DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    [HlNative("std", "date_new"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int NewNative(int year, int month, int day, int hour, int minute, int second) =>
        New(year, month, day, hour, minute, second, Zone);

    [HlNative("std", "date_to_string"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint ToStringNative(int date, int* length)
    {
        var text = ToString(date, Zone);
        StdMemory.Store(length, text.Length);
        return StdMemory.Utf16Z(text);
    }

    [HlNative("std", "date_get_time"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double GetTimeNative(int date) => GetTime(date);

    [HlNative("std", "date_from_time"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int FromTimeNative(double time) => FromTime(time);

    [HlNative("std", "date_from_string"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int FromStringNative(nint chars, int length)
    {
        if (chars == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        if (FromString(StdMemory.Utf16Span(chars), Zone) is { } date)
            return date;
        HlErrors.Raise("Invalid date format");
        return 0;
    }

    [HlNative("std", "date_get_inf"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void GetInf(int date, int* y, int* mo, int* day, int* h, int* m, int* s, int* wday) =>
        Store(CivilTime.LocalTime((uint)date, Zone), y, mo, day, h, m, s, wday);

    [HlNative("std", "date_get_utc_inf"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void GetUtcInf(int date, int* y, int* mo, int* day, int* h, int* m, int* s, int* wday) =>
        Store(CivilTime.UtcTime((uint)date), y, mo, day, h, m, s, wday);
}
