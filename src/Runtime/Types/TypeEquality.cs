using Vm.Frontend.Model;

namespace Vm.Runtime.Types;

/// <summary>Structural type equality (HashLink's hl_same_type): bytecode may declare one type several times.</summary>
public static class TypeEquality
{
    public static bool Same(RuntimeType a, RuntimeType b)
    {
        if (a == b)
            return true;
        if (a.Kind != b.Kind)
            return false;
        if (a.Source is null || b.Source is null)
            return a.Source is null && b.Source is null && a.ClosureOf is null && b.ClosureOf is null;
        return Same(a.Source, b.Source, 0);
    }

    public static bool Same(HlType a, HlType b, int depth)
    {
        if (a == b)
            return true;
        if (a.Kind != b.Kind)
            return false;
        if (depth > 16)
            return true;
        switch (a.Kind)
        {
            case TypeKind.Obj:
            case TypeKind.Struct:
                return a.Object!.Name == b.Object!.Name;
            case TypeKind.Enum:
                return a.Enum!.Name == b.Enum!.Name;
            case TypeKind.Abstract:
                return a.AbstractName == b.AbstractName;
            case TypeKind.Ref:
            case TypeKind.Null:
            case TypeKind.Packed:
                return Same(a.Param!, b.Param!, depth + 1);
            case TypeKind.Fun:
            case TypeKind.Method:
            {
                var fa = a.Function!;
                var fb = b.Function!;
                if (fa.Args.Count != fb.Args.Count || !Same(fa.Return, fb.Return, depth + 1))
                    return false;
                for (var i = 0; i < fa.Args.Count; i++)
                    if (!Same(fa.Args[i], fb.Args[i], depth + 1))
                        return false;
                return true;
            }
            case TypeKind.Virtual:
            {
                var va = a.VirtualFields!;
                var vb = b.VirtualFields!;
                if (va.Count != vb.Count)
                    return false;
                for (var i = 0; i < va.Count; i++)
                    if (va[i].Name != vb[i].Name || !Same(va[i].Type, vb[i].Type, depth + 1))
                        return false;
                return true;
            }
            default:
                return true;
        }
    }
}
