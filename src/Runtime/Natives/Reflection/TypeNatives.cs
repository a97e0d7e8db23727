using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Frontend.Model;
using Vm.Runtime.Dynamic;
using Vm.Runtime.Values;

namespace Vm.Runtime.Natives.Reflection;

/// <summary>Reflection on types (hl.Type: names, super class, class objects, instance fields, casts).</summary>
public static unsafe class TypeNatives
{
    /// <summary>type_name(type) -> bytes: the name of a class, struct, enum or abstract; null otherwise.</summary>
    [HlNative("std", "type_name")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint TypeName(nint type)
    {
        try
        {
            var s = DynamicState.Current;
            var t = Require(s, type);
            var name = t.Kind switch
            {
                TypeKind.Obj or TypeKind.Struct => t.Source!.Object!.Name,
                TypeKind.Enum => t.Source!.Enum!.Name,
                TypeKind.Abstract => t.Source?.AbstractName ?? "<abstract>",
                _ => null,
            };
            return name is null ? 0 : s.NameBytes(name);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>type_super(type) -> type: the super class, or void.</summary>
    [HlNative("std", "type_super")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint TypeSuper(nint type)
    {
        try
        {
            var s = DynamicState.Current;
            var t = Require(s, type);
            if (t.Kind is TypeKind.Obj or TypeKind.Struct && t.Source!.Object!.Super is { } super)
                return s.Types[super].Native;
            return s.Void.Native;
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>type_get_global(type) -> dynamic: the class or enum object (the module global the type names).</summary>
    [HlNative("std", "type_get_global")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint TypeGetGlobal(nint type)
    {
        try
        {
            var s = DynamicState.Current;
            var g = GlobalOf(Require(s, type));
            return g < 0 ? 0 : *(nint*)s.Runtime.GlobalAddress(g);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>
    /// type_set_global(type, dynamic) -> bool. The class object is stored in the module global the type
    /// names (as HashLink's global_value points into the globals), which the collector scans as roots.
    /// </summary>
    [HlNative("std", "type_set_global")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte TypeSetGlobal(nint type, nint value)
    {
        try
        {
            var s = DynamicState.Current;
            var g = GlobalOf(Require(s, type));
            if (g < 0)
                return 0;
            // Globals are permanent memory scanned as roots: no write barrier.
            *(nint*)s.Runtime.GlobalAddress(g) = value;
            return 1;
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>type_args_count(type) -> i32: arguments of a function type (-1 for variable arguments), 0 for other types.</summary>
    [HlNative("std", "type_args_count")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int TypeArgsCount(nint type)
    {
        try
        {
            var s = DynamicState.Current;
            var t = Require(s, type);
            return t.Kind is TypeKind.Fun or TypeKind.Method ? s.RequireFun(t).NArgs : 0;
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>
    /// type_instance_fields(type) -> array of bytes: for a class, its methods (those not overriding) then its
    /// fields, then the same for each ancestor; for a virtual, its fields; null otherwise.
    /// </summary>
    [HlNative("std", "type_instance_fields")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint TypeInstanceFields(nint type)
    {
        try
        {
            var s = DynamicState.Current;
            var t = Require(s, type);
            if (t.Kind == TypeKind.Virtual)
            {
                var vi = s.Virtual(t);
                var va = HlArrays.Allocate(s.Runtime, s.Bytes, vi.Count);
                for (var i = 0; i < vi.Count; i++)
                    ((nint*)HlArrays.Data(va))[i] = s.NameBytes(vi.Names[i]); // permanent names: no barrier
                return va;
            }
            if (t.Kind is not (TypeKind.Obj or TypeKind.Struct))
                return 0;
            var mcount = 0;
            for (var o = t.Source!.Object; o is not null; o = o.Super?.Object)
                mcount += o.Protos.Count(p => p.Slot < 0);
            var ci = s.Class(t);
            var names = new List<string>();
            for (var c = ci; c is not null; c = c.Parent)
            {
                var pproto = c.Parent?.ProtoCount ?? 0;
                foreach (var p in c.Object.Protos)
                    if (p.Slot < 0 || p.Slot >= pproto)
                        names.Add(p.Name);
                foreach (var f in c.Object.Fields)
                    names.Add(f.Name);
            }
            var size = Math.Max(names.Count, mcount + ci.ProtoCount + ci.FieldCount);
            var a = HlArrays.Allocate(s.Runtime, s.Bytes, size);
            for (var i = 0; i < names.Count; i++)
                ((nint*)HlArrays.Data(a))[i] = s.NameBytes(names[i]); // permanent names: no barrier
            return a;
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>type_safe_cast(type, type) -> bool: hl_safe_cast.</summary>
    [HlNative("std", "type_safe_cast")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte TypeSafeCast(nint from, nint to)
    {
        try
        {
            var s = DynamicState.Current;
            return HlTypeOps.SafeCast(s, Require(s, from), Require(s, to)) ? (byte)1 : (byte)0;
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    internal static Types.RuntimeType Require(DynamicState s, nint type) =>
        type == 0 ? throw HlFailure.Error("Null access") : s.FromNative(type);

    private static int GlobalOf(Types.RuntimeType t) => t.Kind switch
    {
        TypeKind.Obj or TypeKind.Struct => t.Source!.Object!.GlobalIndex,
        TypeKind.Enum => t.Source!.Enum!.GlobalIndex,
        _ => -1,
    };
}
