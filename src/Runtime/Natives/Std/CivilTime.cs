using System.Globalization;

namespace Vm.Runtime.Natives.Std;

/// <summary>A broken-down time as C's struct tm holds it (month 0-11, weekday 0 = Sunday).</summary>
public readonly record struct BrokenDownTime(long Year, int Month, int Day, int Hour, int Minute, int Second, int WeekDay);

/// <summary>
/// The C library time functions hl's dates use (localtime_r, gmtime_r, mktime, strftime, the
/// sscanf of date_from_string), on the proleptic Gregorian calendar with .NET's time zones
/// (TimeZoneInfo.Local follows TZ on Linux, as glibc does).
/// </summary>
public static class CivilTime
{
    /// <summary>Days from 1970-01-01 to the given date (month 1-12).</summary>
    public static long DaysFromCivil(long year, int month, int day)
    {
        var y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - era * 400;
        var mp = (month + 9) % 12;
        var doy = (153 * mp + 2) / 5 + day - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /// <summary>The date (month 1-12) of a day count from 1970-01-01.</summary>
    public static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        var z = days + 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var doe = z - era * 146097;
        var yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        var day = (int)(doy - (153 * mp + 2) / 5 + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day);
    }

    /// <summary>gmtime_r: the broken-down UTC time of a count of seconds since 1970.</summary>
    private static BrokenDownTime Breakdown(long seconds)
    {
        var days = Math.DivRem(seconds, 86400L, out var rem);
        if (rem < 0)
        {
            rem += 86400;
            days--;
        }
        var (y, m, d) = CivilFromDays(days);
        var wday = (int)(((days % 7) + 11) % 7); // 1970-01-01 was a Thursday
        return new BrokenDownTime(y, m - 1, d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60), wday);
    }

    /// <summary>Offset from UTC of a zone at a UTC instant (the zone's base offset outside .NET's date range).</summary>
    private static long OffsetAt(TimeZoneInfo zone, long unixSeconds)
    {
        if (unixSeconds is < -62135596800L or > 253402300799L)
            return (long)zone.BaseUtcOffset.TotalSeconds;
        return (long)zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).TotalSeconds;
    }

    /// <summary>localtime_r: the broken-down time of a Unix time in <paramref name="zone"/>.</summary>
    public static BrokenDownTime LocalTime(long unixSeconds, TimeZoneInfo zone) =>
        Breakdown(unixSeconds + OffsetAt(zone, unixSeconds));

    public static BrokenDownTime UtcTime(long unixSeconds) => Breakdown(unixSeconds);

    /// <summary>
    /// mktime with tm_isdst = -1: fields out of their range carry into the next larger one (month 12
    /// is January of the next year, day 0 the last day of the previous month...), then the local
    /// time is converted to a Unix time.
    /// </summary>
    public static long MakeTime(int tmYear, int tmMonth, int day, int hour, int minute, int second, TimeZoneInfo zone)
    {
        var months = (1900L + tmYear) * 12 + tmMonth;
        var year = Math.DivRem(months, 12L, out var month);
        if (month < 0)
        {
            month += 12;
            year--;
        }
        var days = DaysFromCivil(year, (int)month + 1, 1) + (day - 1L);
        var local = days * 86400 + hour * 3600L + minute * 60L + second;
        // Find the offset in force at the resulting instant (a second try settles transitions).
        var offset = OffsetAt(zone, local - (long)zone.BaseUtcOffset.TotalSeconds);
        var offset2 = OffsetAt(zone, local - offset);
        return local - offset2;
    }

    /// <summary>strftime "%Y-%m-%d %H:%M:%S".</summary>
    public static string Format(BrokenDownTime t) =>
        string.Create(CultureInfo.InvariantCulture, $"{t.Year:0000}-{t.Month + 1:00}-{t.Day:00} {t.Hour:00}:{t.Minute:00}:{t.Second:00}");

    /// <summary>
    /// sscanf(text, format, ...) for formats made of "%Nd" conversions, literal characters and spaces
    /// (any run of white space). Conversions stop at the first failure; unread values stay 0.
    /// </summary>
    public static int[] Scan(ReadOnlySpan<byte> text, string format)
    {
        var results = new int[format.Count(c => c == '%')];
        var i = 0;
        var f = 0;
        var n = 0;
        while (f < format.Length)
        {
            var fc = format[f];
            if (fc == ' ')
            {
                while (i < text.Length && IsSpace(text[i]))
                    i++;
                f++;
            }
            else if (fc == '%')
            {
                f++;
                var width = 0;
                while (char.IsAsciiDigit(format[f]))
                    width = width * 10 + (format[f++] - '0');
                f++; // 'd'
                while (i < text.Length && IsSpace(text[i]))
                    i++;
                var start = i;
                var negative = false;
                if (i < text.Length && text[i] is (byte)'-' or (byte)'+' && i - start < width)
                    negative = text[i++] == '-';
                long v = 0;
                var digits = 0;
                while (i < text.Length && i - start < width && text[i] is >= (byte)'0' and <= (byte)'9')
                {
                    v = v * 10 + (text[i++] - '0');
                    digits++;
                }
                if (digits == 0)
                    break;
                results[n++] = (int)(negative ? -v : v);
            }
            else
            {
                if (i >= text.Length || text[i] != fc)
                    break;
                i++;
                f++;
            }
        }
        return results;
    }

    private static bool IsSpace(byte c) => c == ' ' || (c >= 9 && c <= 13);
}
