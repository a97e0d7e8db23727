using Vm.Runtime.Natives.Std;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Natives;

/// <summary>
/// date_*: DateTest.out (run with TZ=UTC), and glibc's mktime/localtime_r with TZ=Europe/Paris and
/// TZ=Asia/Kolkata for the zone-dependent parts.
/// </summary>
public unsafe class DateNativesTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    private static string Show(int t, TimeZoneInfo zone)
    {
        var b = CivilTime.LocalTime((uint)t, zone);
        return $"{DateNatives.ToString(t, zone)} y={b.Year} m={b.Month} d={b.Day} h={b.Hour} min={b.Minute} s={b.Second} day={b.WeekDay} t={FloatFormat.Format(DateNatives.GetTime(t))}";
    }

    [Theory]
    [InlineData("2000-01-01 00:00:00", "2000-01-01 00:00:00 y=2000 m=0 d=1 h=0 min=0 s=0 day=6 t=946684800000")]
    [InlineData("1999-12-31 23:59:59", "1999-12-31 23:59:59 y=1999 m=11 d=31 h=23 min=59 s=59 day=5 t=946684799000")]
    [InlineData("2020-02-29 12:30:45", "2020-02-29 12:30:45 y=2020 m=1 d=29 h=12 min=30 s=45 day=6 t=1582979445000")]
    [InlineData("1970-01-01 00:00:00", "1970-01-01 00:00:00 y=1970 m=0 d=1 h=0 min=0 s=0 day=4 t=0")]
    [InlineData("2038-01-19 03:14:07", "2038-01-19 03:14:07 y=2038 m=0 d=19 h=3 min=14 s=7 day=2 t=2147483647000")]
    [InlineData("2024-07-04", "2024-07-04 00:00:00 y=2024 m=6 d=4 h=0 min=0 s=0 day=4 t=1720051200000")]
    [InlineData("13:14:15", "1970-01-01 13:14:15 y=1970 m=0 d=1 h=13 min=14 s=15 day=4 t=47655000")]
    [InlineData("2100-03-01 06:07:08", "2100-03-01 06:07:08 y=2100 m=2 d=1 h=6 min=7 s=8 day=1 t=4107564428000")]
    public void FromString_matches_DateTest(string text, string shown) =>
        Assert.Equal(shown, Show(DateNatives.FromString(text, Utc)!.Value, Utc));

    [Fact]
    public void Constructor_and_time_conversions_match_DateTest()
    {
        Assert.Equal("2021-12-25 18:05:09 y=2021 m=11 d=25 h=18 min=5 s=9 day=6 t=1640455509000", Show(DateNatives.New(2021, 11, 25, 18, 5, 9, Utc), Utc));
        Assert.Equal("2022-02-02 02:02:01 y=2022 m=1 d=2 h=2 min=2 s=1 day=3 t=1643767321000", Show(DateNatives.New(2021, 12, 32, 25, 61, 61, Utc), Utc));
        Assert.Equal("1971-01-01 00:00:00 y=1971 m=0 d=1 h=0 min=0 s=0 day=5 t=31536000000", Show(DateNatives.FromTime(86400000.0 * 365), Utc));
        var neg = DateNatives.FromTime(-1000.0);
        Assert.Equal("2106-02-07 06:28:15", DateNatives.ToString(neg, Utc));
        Assert.Equal(4294967295000.0, DateNatives.GetTime(neg));
        // 1900 is out of the Int range: mktime's result wraps to 2036 (DateTest's February 1900 has 29 days).
        var wrapped = DateNatives.New(1900, 1, 1, 0, 0, 0, Utc);
        Assert.Equal(2088656896, wrapped);
        Assert.Equal("2036-03-09 06:28:16", DateNatives.ToString(wrapped, Utc));
        Assert.Equal(-1, DateNatives.New(1969, 11, 31, 23, 59, 59, Utc));
    }

    [Fact]
    public void FromString_of_other_lengths_is_an_error_and_bad_fields_are_zero()
    {
        Assert.Null(DateNatives.FromString("2024-1-1x", Utc));
        // 8 characters: read as "hh:mm:ss", which stops after "20".
        Assert.Equal(20 * 3600, DateNatives.FromString("2024-1-1", Utc));
        Assert.Null(DateNatives.FromString("2024-01-0\u00e9", Utc)); // 11 bytes in UTF-8
        // DateTest: "not a date" has 10 characters: nothing scans, the fields stay 0 (year 0, month -1,
        // day 0, i.e. 30 November of year -1); glibc's mktime gives -62169984000, truncated to Int.
        Assert.Equal(unchecked((int)-62169984000L), DateNatives.FromString("not a date", Utc));
        // sscanf stops at the first mismatch; "12:3x:45" scans 12 and 3 only.
        Assert.Equal(12 * 3600 + 3 * 60, DateNatives.FromString("12:3x:45", Utc));
    }

    [Theory]
    [InlineData(" 2024- 1-+2", "2024 1 2")]
    [InlineData("20245-01-02", "2024 0 0")]
    [InlineData("not a date", "0 0 0")]
    public void Scan_follows_sscanf(string text, string values) =>
        Assert.Equal(values, string.Join(" ", CivilTime.Scan(System.Text.Encoding.UTF8.GetBytes(text), "%4d-%2d-%2d")));

    [Fact]
    public void FromTime_truncates_like_C()
    {
        Assert.Equal(1, DateNatives.FromTime(1999.0));
        Assert.Equal(0, DateNatives.FromTime(-999.0));
        Assert.Equal(0, DateNatives.FromTime(double.NaN));
        Assert.Equal(1, DateNatives.FromTime(4294967297000.0)); // 2^32 + 1 seconds: the low 32 bits
        Assert.Equal(0, DateNatives.FromTime(-1e30));
    }

    [Theory]
    [InlineData("Europe/Paris", 1640451909, 1643763721, 1720087200, 1705316400, 1711848600, 1729992600, "1970-01-01 01:00:00", "2038-01-19 04:14:07")]
    [InlineData("Asia/Kolkata", 1640435709, 1643747521, 1720074600, 1705300200, 1711832400, 1729976400, "1970-01-01 05:30:00", "2038-01-19 08:44:07")]
    public void Local_zones_match_glibc(string zoneId, int a, int b, int c, int d, int gap, int overlap, string epoch, string max)
    {
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (TimeZoneNotFoundException)
        {
            return; // no tz database on this machine
        }
        Assert.Equal(a, DateNatives.New(2021, 11, 25, 18, 5, 9, zone));
        Assert.Equal(b, DateNatives.New(2021, 12, 32, 25, 61, 61, zone));
        Assert.Equal(c, DateNatives.New(2024, 6, 4, 12, 0, 0, zone));
        Assert.Equal(d, DateNatives.New(2024, 0, 15, 12, 0, 0, zone));
        Assert.Equal(gap, DateNatives.New(2024, 2, 31, 2, 30, 0, zone));
        Assert.Equal(overlap, DateNatives.New(2024, 9, 27, 2, 30, 0, zone));
        Assert.Equal("2021-12-25 18:05:09", DateNatives.ToString(a, zone));
        Assert.Equal("2022-02-02 02:02:01", DateNatives.ToString(b, zone));
        Assert.Equal(epoch, DateNatives.ToString(0, zone));
        Assert.Equal(max, DateNatives.ToString(int.MaxValue, zone));
    }

    [Fact]
    public void Natives_through_their_entry_points()
    {
        using var f = new RuntimeFixture();
        var zone = TimeZoneInfo.Local;
        var dateNew = (delegate* unmanaged<int, int, int, int, int, int, int>)f.Native("std", "date_new");
        var toString = (delegate* unmanaged<int, int*, nint>)f.Native("std", "date_to_string");
        var getInf = (delegate* unmanaged<int, int*, int*, int*, int*, int*, int*, int*, void>)f.Native("std", "date_get_inf");
        var getUtcInf = (delegate* unmanaged<int, int*, int*, int*, int*, int*, int*, int*, void>)f.Native("std", "date_get_utc_inf");
        var fromString = (delegate* unmanaged<nint, int, int>)f.Native("std", "date_from_string");
        var getTime = (delegate* unmanaged<int, double>)f.Native("std", "date_get_time");
        var fromTime = (delegate* unmanaged<double, int>)f.Native("std", "date_from_time");
        var now = (delegate* unmanaged<int>)f.Native("std", "date_now");

        var t = dateNew(2021, 11, 25, 18, 5, 9);
        Assert.Equal(DateNatives.New(2021, 11, 25, 18, 5, 9, zone), t);
        var len = 0;
        Assert.Equal("2021-12-25 18:05:09", HlStrings.ReadUtf16(toString(t, &len), len));
        int y = 0, day = 0, wday = 0;
        getInf(t, &y, null, &day, null, null, null, &wday); // Haxe passes null for the fields it does not want
        Assert.Equal((2021, 25, 6), (y, day, wday));
        int uy = 0, umo = 0, ud = 0, uh = 0, umin = 0, us = 0, uw = 0;
        getUtcInf(1640455509, &uy, &umo, &ud, &uh, &umin, &us, &uw);
        Assert.Equal((2021, 11, 25, 18, 5, 9, 6), (uy, umo, ud, uh, umin, us, uw));
        Assert.Equal(47655, fromString(f.Runtime.Strings.AllocUtf16("13:14:15"), 16));
        Assert.Equal(1640455509000.0, getTime(1640455509));
        Assert.Equal(31536000, fromTime(86400000.0 * 365));
        Assert.InRange(now(), (int)DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, (int)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.Null(f.TakePendingError());
        Assert.Equal(0, fromString(f.Runtime.Strings.AllocUtf16("bad"), 6));
        Assert.Equal("Invalid date format", f.TakePendingError());
    }
}
