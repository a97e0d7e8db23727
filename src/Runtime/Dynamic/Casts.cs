using Vm.Frontend.Model;
using Vm.Runtime.Gc;
using Vm.Runtime.Memory;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// Boxing (hl_make_dyn), unboxing and conversions between any two types (hl_dyn_cast*), storing a dynamic
/// into a typed slot (hl_write_dyn) and value_cast. <c>data</c> is always the address of the value being
/// converted, typed by the accompanying type, as in HashLink.
/// </summary>
public static unsafe class Casts
{
    /// <summary>"Can't cast X to Y", HashLink's invalid-cast error.</summary>
    public static HlErrorException InvalidCast(DynamicState s, RuntimeType from, RuntimeType to) =>
        HlFailure.Error($"Can't cast {HlTypeNames.Of(s, from)} to {HlTypeNames.Of(s, to)}");

    /// <summary>C's (int)double on x86-64: truncation, and int.MinValue for NaN and out-of-range values.</summary>
    public static int ToInt(double d) => d >= -2147483648.0 && d < 2147483648.0 ? (int)d : int.MinValue;

    /// <summary>C's (int64)double on x86-64: truncation, and long.MinValue for NaN and out-of-range values.</summary>
    public static long ToLong(double d) => d >= -9223372036854775808.0 && d < 9223372036854775808.0 ? (long)d : long.MinValue;

    /// <summary>hl_make_dyn: boxes the value at <paramref name="data"/> of type <paramref name="t"/>.</summary>
    public static nint MakeDyn(DynamicState s, nint data, RuntimeType t)
    {
        nint v;
        switch (t.Kind)
        {
            case TypeKind.Void:
                return 0;
            case TypeKind.UI8:
                v = s.Runtime.AllocateDynamic(t);
                *(int*)(v + ValueLayout.DynamicValue) = *(byte*)data;
                return v;
            case TypeKind.UI16:
                v = s.Runtime.AllocateDynamic(t);
                *(int*)(v + ValueLayout.DynamicValue) = *(ushort*)data;
                return v;
            case TypeKind.I32:
                return s.BoxI32(*(int*)data);
            case TypeKind.I64 or TypeKind.Guid:
                v = s.Runtime.AllocateDynamic(t);
                *(long*)(v + ValueLayout.DynamicValue) = *(long*)data;
                return v;
            case TypeKind.F32:
                v = s.Runtime.AllocateDynamic(t);
                *(float*)(v + ValueLayout.DynamicValue) = *(float*)data;
                return v;
            case TypeKind.F64:
                v = s.Runtime.AllocateDynamic(t);
                *(double*)(v + ValueLayout.DynamicValue) = *(double*)data;
                return v;
            case TypeKind.Bool:
                return s.BoxBool(*(byte*)data != 0);
            case TypeKind.Bytes or TypeKind.Type or TypeKind.Ref or TypeKind.Abstract:
            {
                var p = *(nint*)data;
                if (p == 0)
                    return 0;
                v = s.Runtime.AllocateDynamic(t);
                WriteBarrier.Store(v + ValueLayout.DynamicValue, p);
                return v;
            }
            default:
                return *(nint*)data;
        }
    }

    // A dynamic source is replaced by the boxed value's own type and storage; null converts to zero.
    private static bool Unbox(DynamicState s, ref nint data, ref RuntimeType t)
    {
        if (t.Kind != TypeKind.Dyn)
            return true;
        var v = *(nint*)data;
        if (v == 0)
            return false;
        t = s.TypeOf(v);
        if (!HlTypeOps.IsDynamic(t))
            data = v + ValueLayout.DynamicValue;
        return true;
    }

    /// <summary>hl_dyn_casti: to i32 (and ui8, ui16, bool, which travel as i32).</summary>
    public static int CastI(DynamicState s, nint data, RuntimeType t, RuntimeType to)
    {
        if (!Unbox(s, ref data, ref t))
            return 0;
        switch (t.Kind)
        {
            case TypeKind.UI8: return *(byte*)data;
            case TypeKind.UI16: return *(ushort*)data;
            case TypeKind.I32: return *(int*)data;
            case TypeKind.I64 or TypeKind.Guid: return (int)*(long*)data;
            case TypeKind.F32: return ToInt(*(float*)data);
            case TypeKind.F64: return ToInt(*(double*)data);
            case TypeKind.Bool: return *(byte*)data;
            case TypeKind.Null:
            {
                var v = *(nint*)data;
                return v == 0 ? 0 : CastI(s, v + ValueLayout.DynamicValue, s.Param(t), to);
            }
        }
        throw InvalidCast(s, t, to);
    }

    /// <summary>hl_dyn_casti64.</summary>
    public static long CastI64(DynamicState s, nint data, RuntimeType t)
    {
        if (!Unbox(s, ref data, ref t))
            return 0;
        switch (t.Kind)
        {
            case TypeKind.UI8: return *(byte*)data;
            case TypeKind.UI16: return *(ushort*)data;
            case TypeKind.I32: return *(int*)data;
            case TypeKind.I64 or TypeKind.Guid: return *(long*)data;
            case TypeKind.F32: return ToLong(*(float*)data);
            case TypeKind.F64: return ToLong(*(double*)data);
            case TypeKind.Bool: return *(byte*)data;
            case TypeKind.Null:
            {
                var v = *(nint*)data;
                return v == 0 ? 0 : CastI64(s, v + ValueLayout.DynamicValue, s.Param(t));
            }
        }
        throw InvalidCast(s, t, s.I64);
    }

    /// <summary>hl_dyn_castd.</summary>
    public static double CastD(DynamicState s, nint data, RuntimeType t)
    {
        if (!Unbox(s, ref data, ref t))
            return 0;
        switch (t.Kind)
        {
            case TypeKind.F32: return *(float*)data;
            case TypeKind.F64: return *(double*)data;
            case TypeKind.UI8: return *(byte*)data;
            case TypeKind.UI16: return *(ushort*)data;
            case TypeKind.I32: return *(int*)data;
            case TypeKind.I64: return *(long*)data;
            case TypeKind.Bool: return *(byte*)data;
            case TypeKind.Null:
            {
                var v = *(nint*)data;
                return v == 0 ? 0 : CastD(s, v + ValueLayout.DynamicValue, s.Param(t));
            }
        }
        throw InvalidCast(s, t, s.F64);
    }

    /// <summary>hl_dyn_castf.</summary>
    public static float CastF(DynamicState s, nint data, RuntimeType t)
    {
        if (!Unbox(s, ref data, ref t))
            return 0;
        switch (t.Kind)
        {
            case TypeKind.F32: return *(float*)data;
            case TypeKind.F64: return (float)*(double*)data;
            case TypeKind.UI8: return *(byte*)data;
            case TypeKind.UI16: return *(ushort*)data;
            case TypeKind.I32: return *(int*)data;
            case TypeKind.I64: return *(long*)data;
            case TypeKind.Bool: return *(byte*)data;
            case TypeKind.Null:
            {
                var v = *(nint*)data;
                return v == 0 ? 0 : CastF(s, v + ValueLayout.DynamicValue, s.Param(t));
            }
        }
        throw InvalidCast(s, t, s.F32);
    }

    /// <summary>
    /// hl_dyn_castp: to any reference type (boxing, unboxing, views, wrappers, refs). With
    /// <paramref name="objectsMayMove"/> (rt_dyn_castp, called through a callback shim), collections may move
    /// objects during a class's __cast method: nothing read before it is used after it.
    /// </summary>
    public static nint CastP(DynamicState s, nint data, RuntimeType t, RuntimeType to, bool objectsMayMove = false)
    {
        if (to.Kind == TypeKind.Dyn && HlTypeOps.IsDynamic(t))
            return *(nint*)data;
        if (t.Kind is TypeKind.Dyn or TypeKind.Null)
        {
            var v = *(nint*)data;
            if (v == 0)
                return 0;
            if (to.Kind == TypeKind.Null && *(nint*)v == s.Param(to).Native)
                return v;
            t = s.TypeOf(v);
            if (!HlTypeOps.IsDynamic(t))
                data = v + ValueLayout.DynamicValue;
        }
        else if (HlTypeOps.IsDynamic(t))
        {
            var v = *(nint*)data;
            if (v == 0)
                return 0;
            t = s.TypeOf(v);
        }
        if (ReferenceEquals(t, to) || HlTypeOps.SafeCast(s, t, to))
            return *(nint*)data;
        switch (t.Kind, to.Kind)
        {
            case (TypeKind.Obj, TypeKind.Obj) or (TypeKind.Struct, TypeKind.Struct):
            {
                if (HlTypeOps.IsSubclass(t, to))
                    return *(nint*)data;
                if (s.Class(t).CastMethod is { } cast)
                {
                    // Only the result is used after the call (a failed cast reports the types alone).
                    var obj = *(nint*)data;
                    var r = HlCalls.CallMethod(s, s.Class(t), cast, [(ulong)obj, (ulong)to.Native], objectsMayMove);
                    if (r != 0)
                        return (nint)r;
                }
                break;
            }
            case (TypeKind.Fun, TypeKind.Fun):
            {
                var c = *(nint*)data;
                if (c == 0)
                    return 0;
                c = Closures.MakeFunWrapper(s, c, to);
                if (c != 0)
                    return c;
                break;
            }
            case (TypeKind.Obj, TypeKind.Virtual) or (TypeKind.DynObj, TypeKind.Virtual) or (TypeKind.Virtual, TypeKind.Virtual):
                return Virtuals.ToVirtual(s, to, *(nint*)data);
            case (TypeKind.Virtual, TypeKind.Obj):
            {
                var v = *(nint*)data;
                var value = Virtuals.ValueOf(v);
                if (value == 0)
                    break;
                return CastP(s, v + ValueLayout.VirtualValue, s.TypeOf(value), to, objectsMayMove);
            }
            case (TypeKind.Obj, TypeKind.Dyn) or (TypeKind.DynObj, TypeKind.Dyn) or (TypeKind.Fun, TypeKind.Dyn)
                or (TypeKind.Null, TypeKind.Dyn) or (TypeKind.Array, TypeKind.Dyn):
                return *(nint*)data;
        }
        if (to.Kind == TypeKind.Dyn)
            return MakeDyn(s, data, t);
        if (to.Kind == TypeKind.Null)
        {
            var p = s.Param(to);
            if (p.Kind == t.Kind)
                return MakeDyn(s, data, t);
            switch (p.Kind)
            {
                case TypeKind.UI8 or TypeKind.UI16 or TypeKind.I32 or TypeKind.Bool:
                {
                    var i = CastI(s, data, t, p);
                    return MakeDyn(s, (nint)(&i), p);
                }
                case TypeKind.I64 or TypeKind.Guid:
                {
                    var l = CastI64(s, data, t);
                    return MakeDyn(s, (nint)(&l), p);
                }
                case TypeKind.F32:
                {
                    var f = CastF(s, data, t);
                    return MakeDyn(s, (nint)(&f), p);
                }
                case TypeKind.F64:
                {
                    var d = CastD(s, data, t);
                    return MakeDyn(s, (nint)(&d), p);
                }
            }
        }
        if (to.Kind == TypeKind.Ref)
        {
            var p = s.Param(to);
            var heap = s.Runtime.Heap;
            switch (p.Kind)
            {
                case TypeKind.UI8 or TypeKind.UI16 or TypeKind.I32 or TypeKind.Bool:
                {
                    var r = heap.Allocate(4, BlockLayout.NoPointers);
                    *(int*)r = CastI(s, data, t, p);
                    return r;
                }
                case TypeKind.I64 or TypeKind.Guid:
                {
                    var r = heap.Allocate(8, BlockLayout.NoPointers);
                    *(long*)r = CastI64(s, data, t);
                    return r;
                }
                case TypeKind.F32:
                {
                    var r = heap.Allocate(4, BlockLayout.NoPointers);
                    *(float*)r = CastF(s, data, t);
                    return r;
                }
                case TypeKind.F64:
                {
                    var r = heap.Allocate(8, BlockLayout.NoPointers);
                    *(double*)r = CastD(s, data, t);
                    return r;
                }
                default:
                {
                    var value = CastP(s, data, t, p);
                    var r = heap.Allocate(8, BlockLayout.AllPointers);
                    WriteBarrier.Store(r, value);
                    return r;
                }
            }
        }
        throw InvalidCast(s, t, to);
    }

    /// <summary>
    /// hl_write_dyn: stores the dynamic <paramref name="v"/> into a slot of type <paramref name="t"/>.
    /// <paramref name="isTemporary"/> says <paramref name="v"/> is a box on the native stack, which is
    /// copied to the heap when it would be stored as is.
    /// </summary>
    public static void WriteDyn(DynamicState s, nint data, RuntimeType t, nint v, bool isTemporary)
    {
        var src = (nint)(&v);
        switch (t.Kind)
        {
            case TypeKind.UI8:
                *(byte*)data = (byte)CastI(s, src, s.Dyn, t);
                break;
            case TypeKind.Bool:
                *(byte*)data = (byte)(CastI(s, src, s.Dyn, t) != 0 ? 1 : 0);
                break;
            case TypeKind.UI16:
                *(ushort*)data = (ushort)CastI(s, src, s.Dyn, t);
                break;
            case TypeKind.I32:
                *(int*)data = CastI(s, src, s.Dyn, t);
                break;
            case TypeKind.I64 or TypeKind.Guid:
                *(long*)data = CastI64(s, src, s.Dyn);
                break;
            case TypeKind.F32:
                *(float*)data = CastF(s, src, s.Dyn);
                break;
            case TypeKind.F64:
                *(double*)data = CastD(s, src, s.Dyn);
                break;
            default:
            {
                var ret = v != 0 && HlTypeOps.SameType(s, t, s.TypeOf(v)) ? v : CastP(s, src, s.Dyn, t);
                if (isTemporary && ret == v)
                {
                    ret = s.Runtime.AllocateDynamic(s.TypeOf(v));
                    // The boxed value may be a reference (a temporary box of bytes, a type, a ref).
                    WriteBarrier.Store(ret + ValueLayout.DynamicValue, *(nint*)(v + ValueLayout.DynamicValue));
                }
                WriteBarrier.Store(data, ret);
                break;
            }
        }
    }

    /// <summary>hl_value_cast: <paramref name="v"/> itself when it is of type <paramref name="t"/>, else "Can't cast".</summary>
    public static nint ValueCast(DynamicState s, nint v, RuntimeType t)
    {
        if (t.Kind == TypeKind.Dyn || v == 0 || HlTypeOps.SafeCast(s, s.TypeOf(v), t))
            return v;
        throw InvalidCast(s, s.TypeOf(v), t);
    }
}
