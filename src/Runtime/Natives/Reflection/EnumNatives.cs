using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Frontend.Model;
using Vm.Runtime.Dynamic;

namespace Vm.Runtime.Natives.Reflection;

/// <summary>Reflection on enums (Type.createEnum, enumParameters, enumEq, getEnumConstructs, allEnums).</summary>
public static unsafe class EnumNatives
{
    /// <summary>alloc_enum_dyn(type, i32, array, i32) -> dynamic: null when the arguments do not fit.</summary>
    [HlNative("std", "alloc_enum_dyn")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint AllocEnumDyn(nint type, int index, nint args, int nargs)
    {
        try
        {
            var s = DynamicState.Current;
            var t = TypeNatives.Require(s, type);
            if (t.Kind != TypeKind.Enum || args == 0)
                throw HlFailure.Error("Null access");
            return Enums.AllocateDyn(s, t, index, args, nargs);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>enum_parameters(dynamic) -> array of dynamics.</summary>
    [HlNative("std", "enum_parameters")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint EnumParameters(nint e)
    {
        try
        {
            if (e == 0)
                throw HlFailure.Error("Null access");
            return Enums.Parameters(DynamicState.Current, e);
        }
        catch (Exception ex)
        {
            HlFailure.Report(ex);
            return 0;
        }
    }

    /// <summary>type_enum_eq(dynamic, dynamic) -> bool.</summary>
    [HlNative("std", "type_enum_eq")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte EnumEq(nint a, nint b)
    {
        try
        {
            return Enums.Equal(DynamicState.Current, a, b) ? (byte)1 : (byte)0;
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>type_enum_fields(type) -> array of bytes: constructor names.</summary>
    [HlNative("std", "type_enum_fields")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint EnumFields(nint type)
    {
        try
        {
            var s = DynamicState.Current;
            return Enums.ConstructNames(s, RequireEnum(s, type));
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>type_enum_values(type) -> array of dynamics: a value per constructor without parameters, null for the others.</summary>
    [HlNative("std", "type_enum_values")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint EnumValues(nint type)
    {
        try
        {
            var s = DynamicState.Current;
            return Enums.Values(s, RequireEnum(s, type));
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    private static Types.RuntimeType RequireEnum(DynamicState s, nint type)
    {
        var t = TypeNatives.Require(s, type);
        return t.Kind == TypeKind.Enum ? t : throw HlFailure.Error($"{HlTypeNames.Of(s, t)} is not an enum");
    }
}
