using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Dynamic;

namespace Vm.Runtime.Natives.Reflection;

/// <summary>Reflection on closures (Reflect.callMethod, makeVarArgs, compareMethods; hl.Api closure helpers).</summary>
public static unsafe class FunctionNatives
{
    /// <summary>call_method(dynamic, array) -> dynamic: calls a closure with an array of dynamic arguments.</summary>
    [HlNative("std", "call_method", CallbacksMayMoveObjects = true)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint CallMethod(nint closure, nint args)
    {
        try
        {
            if (closure == 0 || args == 0)
                throw HlFailure.Error("Null access");
            return Closures.CallMethod(DynamicState.Current, closure, args, objectsMayMove: true);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>make_closure(dynamic, dynamic) -> dynamic: binds a value as first argument; null when it does not fit.</summary>
    [HlNative("std", "make_closure")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint MakeClosure(nint closure, nint value)
    {
        try
        {
            if (closure == 0)
                throw HlFailure.Error("Null access");
            return Closures.MakeClosure(DynamicState.Current, closure, value);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>no_closure(dynamic) -> dynamic: the function without its bound value.</summary>
    [HlNative("std", "no_closure")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint NoClosure(nint closure)
    {
        try
        {
            if (closure == 0)
                throw HlFailure.Error("Null access");
            return Closures.NoClosure(DynamicState.Current, closure);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>get_closure_value(dynamic) -> dynamic: the bound value, null when none.</summary>
    [HlNative("std", "get_closure_value")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint GetClosureValue(nint closure)
    {
        try
        {
            if (closure == 0)
                throw HlFailure.Error("Null access");
            return Closures.GetClosureValue(DynamicState.Current, closure);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>make_var_args((array) -> dynamic) -> dynamic: a function taking any arguments.</summary>
    [HlNative("std", "make_var_args")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint MakeVarArgs(nint closure)
    {
        try
        {
            return Closures.MakeVarArgs(DynamicState.Current, closure);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>fun_compare(dynamic, dynamic) -> bool: same function with the same bound value.</summary>
    [HlNative("std", "fun_compare")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte FunCompare(nint a, nint b)
    {
        try
        {
            return Closures.FunCompare(DynamicState.Current, a, b) ? (byte)1 : (byte)0;
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }
}
