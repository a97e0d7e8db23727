using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Dynamic;

namespace Vm.Runtime.Natives.Reflection;

/// <summary>Reflection on objects (Reflect.field, setField, hasField, deleteField, fields, copy; Type.createEmptyInstance).</summary>
public static unsafe class ObjectNatives
{
    /// <summary>alloc_obj(type) -> dynamic: an instance without running its constructor.</summary>
    [HlNative("std", "alloc_obj")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint AllocObj(nint type)
    {
        try
        {
            var s = DynamicState.Current;
            if (type == 0)
                throw HlFailure.Error("Null access");
            return Objects.Allocate(s, s.FromNative(type));
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>obj_get_field(dynamic, i32) -> dynamic.</summary>
    [HlNative("std", "obj_get_field")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint GetField(nint obj, int hfield)
    {
        try
        {
            return FieldAccess.ObjGetField(DynamicState.Current, obj, hfield);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>obj_set_field(dynamic, i32, dynamic) -> void.</summary>
    [HlNative("std", "obj_set_field")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void SetField(nint obj, int hfield, nint value)
    {
        try
        {
            FieldAccess.ObjSetField(DynamicState.Current, obj, hfield, value);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
        }
    }

    /// <summary>obj_has_field(dynamic, i32) -> bool.</summary>
    [HlNative("std", "obj_has_field")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte HasField(nint obj, int hfield)
    {
        try
        {
            return FieldAccess.ObjHasField(DynamicState.Current, obj, hfield) ? (byte)1 : (byte)0;
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>obj_delete_field(dynamic, i32) -> bool.</summary>
    [HlNative("std", "obj_delete_field")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte DeleteField(nint obj, int hfield)
    {
        try
        {
            return FieldAccess.ObjDeleteField(DynamicState.Current, obj, hfield) ? (byte)1 : (byte)0;
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>obj_fields(dynamic) -> array of bytes.</summary>
    [HlNative("std", "obj_fields")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Fields(nint obj)
    {
        try
        {
            return FieldAccess.ObjFields(DynamicState.Current, obj);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>obj_copy(dynamic) -> dynamic.</summary>
    [HlNative("std", "obj_copy")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Copy(nint obj)
    {
        try
        {
            return FieldAccess.ObjCopy(DynamicState.Current, obj);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>get_virtual_value(dynamic) -> dynamic: the object a virtual views (null for a self-contained one).</summary>
    [HlNative("std", "get_virtual_value")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint GetVirtualValue(nint v)
    {
        try
        {
            if (v == 0)
                throw HlFailure.Error("Null access");
            return Virtuals.ValueOf(v);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }
}
