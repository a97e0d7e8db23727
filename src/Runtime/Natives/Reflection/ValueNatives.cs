using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Dynamic;

namespace Vm.Runtime.Natives.Reflection;

/// <summary>Operations on dynamics: casts, printing, ordering, dynamic arithmetic.</summary>
public static unsafe class ValueNatives
{
    /// <summary>value_cast(dynamic, type) -> dynamic: the value itself when it is of the type, else "Can't cast".</summary>
    [HlNative("std", "value_cast")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint ValueCast(nint v, nint type)
    {
        try
        {
            var s = DynamicState.Current;
            return Casts.ValueCast(s, v, TypeNatives.Require(s, type));
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>
    /// value_to_string(dynamic, ref i32) -> bytes: Std.string; the length in code units goes to <paramref name="length"/>
    /// (a register of the calling frame, on the stack). __string methods it calls may collect and move objects.
    /// </summary>
    [HlNative("std", "value_to_string", CallbacksMayMoveObjects = true)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint ValueToString(nint v, int* length)
    {
        try
        {
            var s = DynamicState.Current;
            if (v == 0)
            {
                *length = 4;
                return s.NullText;
            }
            var text = ValueStrings.ValueToString(s, v, objectsMayMove: true);
            *length = text.Length;
            return s.Runtime.Strings.AllocUtf16(text);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>dyn_compare(dynamic, dynamic) -> i32 (Reflect.compare).</summary>
    [HlNative("std", "dyn_compare")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int DynCompare(nint a, nint b)
    {
        try
        {
            return Comparison.DynCompare(DynamicState.Current, a, b);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>dyn_op(i32, dynamic, dynamic) -> dynamic: + - * % / &lt;&lt; &gt;&gt; &gt;&gt;&gt; &amp; | ^ on numbers.</summary>
    [HlNative("std", "dyn_op")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint DynOp(int op, nint a, nint b)
    {
        try
        {
            return DynOps.DynOp(DynamicState.Current, op, a, b);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>ptr_compare(dynamic, dynamic) -> i32: order of addresses.</summary>
    [HlNative("std", "ptr_compare")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int PtrCompare(nint a, nint b) => Comparison.PtrCompare(a, b);
}
