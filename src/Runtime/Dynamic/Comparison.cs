using Vm.Frontend.Model;
using Vm.Runtime.Values;

namespace Vm.Runtime.Dynamic;

/// <summary>hl_dyn_compare and hl_ptr_compare: ordering of two dynamics.</summary>
public static unsafe class Comparison
{
    /// <summary>HashLink's hl_invalid_comparison: the result for values that have no order (NaN, unrelated types).</summary>
    public const int Invalid = unchecked((int)0xAABBCCDD);

    public static int PtrCompare(nint a, nint b) => a == b ? 0 : (nuint)a > (nuint)b ? 1 : -1;

    private static int Compare(float a, float b)
    {
        var d = a - b;
        if (float.IsNaN(d))
            return a == b ? 0 : Invalid;
        return d == 0f ? 0 : d > 0f ? 1 : -1;
    }

    private static int Compare(double a, double b)
    {
        var d = a - b;
        if (double.IsNaN(d))
            return a == b ? 0 : Invalid;
        return d == 0.0 ? 0 : d > 0.0 ? 1 : -1;
    }

    public static int DynCompare(DynamicState s, nint a, nint b)
    {
        if (a == b)
            return 0;
        if (a == 0)
            return -1;
        if (b == 0)
            return 1;
        var ta = s.TypeOf(a);
        var tb = s.TypeOf(b);
        var va = a + ValueLayout.DynamicValue;
        var vb = b + ValueLayout.DynamicValue;
        switch (ta.Kind, tb.Kind)
        {
            case (TypeKind.UI8, TypeKind.UI8):
                return *(byte*)va - *(byte*)vb;
            case (TypeKind.UI16, TypeKind.UI16):
                return *(ushort*)va - *(ushort*)vb;
            case (TypeKind.I32, TypeKind.I32):
            {
                int ia = *(int*)va, ib = *(int*)vb;
                return ia == ib ? 0 : ia > ib ? 1 : -1;
            }
            case (TypeKind.I64, TypeKind.I64):
            {
                long ia = *(long*)va, ib = *(long*)vb;
                return ia == ib ? 0 : ia > ib ? 1 : -1;
            }
            case (TypeKind.F32, TypeKind.F32):
                return Compare(*(float*)va, *(float*)vb);
            case (TypeKind.F64, TypeKind.F64):
                return Compare(*(double*)va, *(double*)vb);
            case (TypeKind.Bool, TypeKind.Bool):
                return *(byte*)va - *(byte*)vb;
            case (TypeKind.F64, TypeKind.I32):
                return Compare(*(double*)va, *(int*)vb);
            case (TypeKind.I32, TypeKind.F64):
                return Compare(*(int*)va, *(double*)vb);
            case (TypeKind.F64, TypeKind.F32):
                return Compare(*(double*)va, (double)*(float*)vb);
            case (TypeKind.F32, TypeKind.F64):
                return Compare((double)*(float*)va, *(double*)vb);
            case (TypeKind.Obj, TypeKind.Obj) or (TypeKind.Struct, TypeKind.Struct):
            {
                var ci = s.Class(ta);
                if (ci.CompareMethod is { } cmp)
                    return (int)HlCalls.CallMethod(s, ci, cmp, [(ulong)a, (ulong)b]);
                return (nuint)a > (nuint)b ? 1 : -1;
            }
            case (TypeKind.Enum, TypeKind.Enum):
                return (nuint)a > (nuint)b ? 1 : -1;
            case (TypeKind.Type, TypeKind.Type) or (TypeKind.Bytes, TypeKind.Bytes):
                return *(nint*)va != *(nint*)vb ? 1 : 0;
            case (TypeKind.Obj, TypeKind.Virtual) or (TypeKind.DynObj, TypeKind.Virtual):
                return DynCompare(s, a, Virtuals.ValueOf(b));
            case (TypeKind.Virtual, TypeKind.Obj) or (TypeKind.Virtual, TypeKind.DynObj):
                return DynCompare(s, Virtuals.ValueOf(a), b);
            case (TypeKind.Fun, TypeKind.Fun):
                if (Closures.HasValueOf(a) == 2)
                    return DynCompare(s, *(nint*)(a + Closures.WrappedFun), b);
                if (Closures.HasValueOf(b) == 2)
                    return DynCompare(s, a, *(nint*)(b + Closures.WrappedFun));
                if (Closures.FunOf(a) != Closures.FunOf(b))
                    return Invalid;
                return DynCompare(s, Closures.ValueOf(a), Closures.ValueOf(b));
            case (TypeKind.Virtual, TypeKind.Virtual):
            {
                var xa = Virtuals.ValueOf(a);
                var xb = Virtuals.ValueOf(b);
                return xa != 0 && xb != 0 ? DynCompare(s, xa, xb) : Invalid;
            }
        }
        return Invalid;
    }
}
