using Vm.Frontend.Model;
using Vm.Runtime.Types;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// Type relations with HashLink's rules: which kinds are boxed values (hl_is_dynamic), which are
/// references (hl_is_ptr), structural equality (hl_same_type) and assignment compatibility (hl_safe_cast).
/// </summary>
public static class HlTypeOps
{
    /// <summary>Kinds whose values are themselves dynamics (a pointer to a typed block): hl_is_dynamic.</summary>
    public static bool IsDynamic(TypeKind kind) => kind is TypeKind.Dyn or TypeKind.Fun or TypeKind.Obj or TypeKind.Array
        or TypeKind.Virtual or TypeKind.DynObj or TypeKind.Enum or TypeKind.Null;

    public static bool IsDynamic(RuntimeType t) => IsDynamic(t.Kind);

    /// <summary>Kinds stored as a pointer: hl_is_ptr.</summary>
    public static bool IsPtr(TypeKind kind) => kind.IsPointer();

    public static bool IsPtr(RuntimeType t) => t.Kind.IsPointer();

    /// <summary>hl_type_size: bytes a value of the kind takes in a field.</summary>
    public static int Size(TypeKind kind) => TypeSizes.Size(kind);

    /// <summary>hl_pad_size: padding before a value of <paramref name="kind"/> at <paramref name="size"/>.</summary>
    public static int PadSize(int size, TypeKind kind) => kind == TypeKind.Void ? 0 : (-size) & (Size(kind) - 1);

    /// <summary>Numbers as hl_dyn_op sees them (ui8 to bool).</summary>
    public static bool IsNumber(TypeKind kind) => kind is >= TypeKind.UI8 and <= TypeKind.Bool;

    /// <summary>hl_same_type.</summary>
    public static bool SameType(DynamicState s, RuntimeType a, RuntimeType b)
    {
        if (ReferenceEquals(a, b))
            return true;
        if (a.Kind != b.Kind)
            return false;
        switch (a.Kind)
        {
            case TypeKind.Void or TypeKind.UI8 or TypeKind.UI16 or TypeKind.I32 or TypeKind.I64 or TypeKind.F32 or TypeKind.F64
                or TypeKind.Bool or TypeKind.Type or TypeKind.Bytes or TypeKind.Dyn or TypeKind.Array or TypeKind.DynObj or TypeKind.Guid:
                return true;
            case TypeKind.Ref or TypeKind.Null or TypeKind.Packed:
                return SameType(s, s.Param(a), s.Param(b));
            case TypeKind.Fun or TypeKind.Method:
            {
                var fa = s.RequireFun(a);
                var fb = s.RequireFun(b);
                if (fa.NArgs != fb.NArgs)
                    return false;
                for (var i = 0; i < fa.Args.Length; i++)
                    if (!SameType(s, fa.Args[i], fb.Args[i]))
                        return false;
                return SameType(s, fa.Ret, fb.Ret);
            }
            case TypeKind.Obj or TypeKind.Struct:
                return ReferenceEquals(a.Source?.Object, b.Source?.Object);
            case TypeKind.Virtual:
                return ReferenceEquals(a.Source, b.Source);
            case TypeKind.Abstract:
                return a.Source?.AbstractName is { } na && na == b.Source?.AbstractName;
            case TypeKind.Enum:
                return ReferenceEquals(a.Source?.Enum, b.Source?.Enum);
            default:
                return false;
        }
    }

    /// <summary>hl_safe_cast: whether a value of type <paramref name="t"/> can be used as <paramref name="to"/> as is.</summary>
    public static bool SafeCast(DynamicState s, RuntimeType t, RuntimeType to)
    {
        if (ReferenceEquals(t, to))
            return true;
        if (to.Kind == TypeKind.Dyn)
            return IsDynamic(t.Kind);
        if (t.Kind != to.Kind)
            return false;
        switch (t.Kind)
        {
            case TypeKind.Virtual:
            {
                var vt = s.Virtual(t);
                var vto = s.Virtual(to);
                if (vto.Count < vt.Count)
                {
                    var i = 0;
                    for (; i < vto.Count; i++)
                        if (vt.Hashes[i] != vto.Hashes[i] || !SameType(s, vt.FieldTypes[i], vto.FieldTypes[i]))
                            break;
                    if (i == vto.Count)
                        return true;
                }
                break;
            }
            case TypeKind.Obj or TypeKind.Struct:
                return IsSubclass(t, to);
            case TypeKind.Fun or TypeKind.Method:
            {
                var f = s.RequireFun(t);
                if (FunctionCast(s, f.NArgs, f.Args, f.Ret, to) is { } r)
                    return r;
                break;
            }
            case TypeKind.Packed:
                return SafeCast(s, s.Param(t), to);
        }
        return SameType(s, t, to);
    }

    /// <summary>
    /// The function case of hl_safe_cast for a function of the given shape against <paramref name="to"/>
    /// (same kind assumed): null when the argument counts differ (the caller falls back to hl_same_type).
    /// </summary>
    public static bool? FunctionCast(DynamicState s, int nargs, RuntimeType[] args, RuntimeType ret, RuntimeType to)
    {
        var ft = s.RequireFun(to);
        if (nargs != ft.NArgs)
            return null;
        if (!SafeCast(s, ret, ft.Ret))
            return false;
        for (var i = 0; i < args.Length; i++)
        {
            var t1 = args[i];
            var t2 = ft.Args[i];
            if (!SafeCast(s, t2, t1) && (t1.Kind != TypeKind.Dyn || !IsDynamic(t2.Kind)))
                return false;
        }
        return true;
    }

    /// <summary>Whether class <paramref name="t"/> is <paramref name="to"/> or derives from it (by identity or by name, as HashLink).</summary>
    public static bool IsSubclass(RuntimeType t, RuntimeType to)
    {
        var oto = to.Source!.Object!;
        for (var o = t.Source!.Object; o is not null; o = o.Super?.Object)
            if (ReferenceEquals(o, oto) || o.Name == oto.Name)
                return true;
        return false;
    }
}
