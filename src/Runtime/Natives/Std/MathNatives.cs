using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Std;

/// <summary>
/// hl's math natives: the C library functions (.NET's Math calls the same libm on Linux), with C's
/// double-to-int conversion for the Int results.
/// </summary>
public static class MathNatives
{
    /// <summary>
    /// C's (int) cast of a double as x86-64 performs it (cvttsd2si): truncation, and the "integer
    /// indefinite" value int.MinValue for NaN and anything out of range (.NET saturates instead).
    /// </summary>
    public static int TruncateToInt32(double d) => d > -2147483649.0 && d < 2147483648.0 ? (int)d : int.MinValue;

    /// <summary>hl rounds half up: floor(d + 0.5) (so -0.5 gives -0 and 0.49999999999999994 gives 1).</summary>
    public static double Fround(double d) => Math.Floor(d + 0.5);

    public static bool IsFinite(double d) => double.IsFinite(d);

    [HlNative("std", "math_sqrt"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Sqrt(double a) => Math.Sqrt(a);

    [HlNative("std", "math_abs"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Abs(double a) => Math.Abs(a);

    [HlNative("std", "math_acos"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Acos(double a) => Math.Acos(a);

    [HlNative("std", "math_asin"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Asin(double a) => Math.Asin(a);

    [HlNative("std", "math_atan"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Atan(double a) => Math.Atan(a);

    [HlNative("std", "math_atan2"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Atan2(double y, double x) => Math.Atan2(y, x);

    [HlNative("std", "math_cos"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Cos(double a) => Math.Cos(a);

    [HlNative("std", "math_sin"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Sin(double a) => Math.Sin(a);

    [HlNative("std", "math_tan"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Tan(double a) => Math.Tan(a);

    [HlNative("std", "math_exp"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Exp(double a) => Math.Exp(a);

    [HlNative("std", "math_log"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Log(double a) => Math.Log(a);

    [HlNative("std", "math_pow"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Pow(double a, double b) => Math.Pow(a, b);

    [HlNative("std", "math_fceil"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double FCeil(double a) => Math.Ceiling(a);

    [HlNative("std", "math_ffloor"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double FFloor(double a) => Math.Floor(a);

    [HlNative("std", "math_fround"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double FRound(double a) => Fround(a);

    [HlNative("std", "math_ceil"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Ceil(double a) => TruncateToInt32(Math.Ceiling(a));

    [HlNative("std", "math_floor"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Floor(double a) => TruncateToInt32(Math.Floor(a));

    [HlNative("std", "math_round"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Round(double a) => TruncateToInt32(Fround(a));

    [HlNative("std", "math_isnan"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte IsNaN(double a) => double.IsNaN(a) ? (byte)1 : (byte)0;

    [HlNative("std", "math_isfinite"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte IsFiniteNative(double a) => IsFinite(a) ? (byte)1 : (byte)0;
}
