using Vm.Frontend.Model;
using Vm.Runtime.Gc;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// Field access by name hash on class instances, structs, virtuals and dynamic objects (hl_dyn_get*,
/// hl_dyn_set*), and the Reflect primitives built on it (obj_get_field, obj_set_field, obj_has_field,
/// obj_delete_field, obj_fields, obj_copy).
/// </summary>
public static unsafe class FieldAccess
{
    /// <summary>hl_obj_lookup: the storage of a data field and its type; 0 when the object has no such field.</summary>
    public static nint Lookup(DynamicState s, nint d, int hfield, out RuntimeType? ft)
    {
        ft = null;
        if (d == 0)
            throw HlFailure.Error("Null access");
        var t = s.TypeOf(d);
        switch (t.Kind)
        {
            case TypeKind.DynObj:
            {
                var f = DynObjs.Find(d, hfield);
                if (f == 0)
                    return 0;
                ft = s.FromNative(DynObjs.EntryType(f));
                return DynObjs.FieldAddress(d, f);
            }
            case TypeKind.Obj:
            {
                var f = s.Class(t).Resolve(hfield);
                if (f is null || f.IsMethod)
                    return 0;
                ft = f.Type;
                return d + f.Offset;
            }
            case TypeKind.Struct:
            {
                var f = s.Class(t).Resolve(hfield);
                if (f is null || f.IsMethod)
                    return 0;
                ft = f.Type;
                return *(nint*)(d + ValueLayout.DynamicValue) + f.Offset;
            }
            case TypeKind.Virtual:
            {
                var v = Virtuals.ValueOf(d);
                if (v != 0)
                    return Lookup(s, v, hfield, out ft);
                var vi = s.Virtual(t);
                var i = vi.Find(hfield);
                if (i < 0)
                    return 0;
                ft = vi.FieldTypes[i];
                return d + vi.DataOffsets[i];
            }
            default:
                throw HlFailure.Error("Invalid field access");
        }
    }

    /// <summary>hl_obj_lookup_extra: a method as a closure bound to the object, or the class's __get_field answer.</summary>
    public static nint LookupExtra(DynamicState s, nint d, int hfield)
    {
        var t = s.TypeOf(d);
        switch (t.Kind)
        {
            case TypeKind.Obj or TypeKind.Struct:
            {
                var ci = s.Class(t);
                var f = ci.Resolve(hfield);
                if (f is { IsMethod: true })
                    return Closures.AllocPtr(s, f.Type, ci.MethodAddress(s, f.MethodIndex), d);
                if (f is null && ci.GetFieldMethod is { } get)
                    return (nint)HlCalls.CallMethod(s, ci, get, [(ulong)d, HlCalls.IntSlot(hfield)]);
                return 0;
            }
            case TypeKind.Virtual:
            {
                var v = Virtuals.ValueOf(d);
                return v != 0 ? LookupExtra(s, v, hfield) : 0;
            }
            default:
                return 0;
        }
    }

    public static int GetI(DynamicState s, nint d, int hfield, RuntimeType t)
    {
        var addr = Lookup(s, d, hfield, out var ft);
        if (addr == 0)
        {
            var x = LookupExtra(s, d, hfield);
            return x == 0 ? 0 : Casts.CastI(s, (nint)(&x), s.Dyn, t);
        }
        return ft!.Kind switch
        {
            TypeKind.UI8 => *(byte*)addr,
            TypeKind.UI16 => *(ushort*)addr,
            TypeKind.I32 => *(int*)addr,
            TypeKind.I64 => (int)*(long*)addr,
            TypeKind.F32 => Casts.ToInt(*(float*)addr),
            TypeKind.F64 => Casts.ToInt(*(double*)addr),
            TypeKind.Bool => *(byte*)addr,
            _ => Casts.CastI(s, addr, ft, t),
        };
    }

    public static long GetI64(DynamicState s, nint d, int hfield)
    {
        var addr = Lookup(s, d, hfield, out var ft);
        if (addr == 0)
        {
            var x = LookupExtra(s, d, hfield);
            return x == 0 ? 0 : Casts.CastI64(s, (nint)(&x), s.Dyn);
        }
        return ft!.Kind switch
        {
            TypeKind.UI8 => *(byte*)addr,
            TypeKind.UI16 => *(ushort*)addr,
            TypeKind.I32 => *(int*)addr,
            TypeKind.I64 or TypeKind.Guid => *(long*)addr,
            TypeKind.F32 => Casts.ToLong(*(float*)addr),
            TypeKind.F64 => Casts.ToLong(*(double*)addr),
            TypeKind.Bool => *(byte*)addr,
            _ => Casts.CastI64(s, addr, ft),
        };
    }

    public static float GetF(DynamicState s, nint d, int hfield)
    {
        var addr = Lookup(s, d, hfield, out var ft);
        if (addr == 0)
        {
            var x = LookupExtra(s, d, hfield);
            return x == 0 ? 0f : Casts.CastF(s, (nint)(&x), s.Dyn);
        }
        return ft!.Kind == TypeKind.F32 ? *(float*)addr : Casts.CastF(s, addr, ft);
    }

    public static double GetD(DynamicState s, nint d, int hfield)
    {
        var addr = Lookup(s, d, hfield, out var ft);
        if (addr == 0)
        {
            var x = LookupExtra(s, d, hfield);
            return x == 0 ? 0.0 : Casts.CastD(s, (nint)(&x), s.Dyn);
        }
        return ft!.Kind == TypeKind.F64 ? *(double*)addr : Casts.CastD(s, addr, ft);
    }

    public static nint GetP(DynamicState s, nint d, int hfield, RuntimeType t)
    {
        var addr = Lookup(s, d, hfield, out var ft);
        if (addr == 0)
        {
            var x = LookupExtra(s, d, hfield);
            return x == 0 ? 0 : Casts.CastP(s, (nint)(&x), s.Dyn, t);
        }
        return HlTypeOps.SameType(s, t, ft!) ? *(nint*)addr : Casts.CastP(s, addr, ft!, t);
    }

    /// <summary>hl_obj_lookup_set: the storage to write field <paramref name="hfield"/> with a value of type <paramref name="t"/>, adding or retyping dynamic fields.</summary>
    public static nint LookupSet(DynamicState s, nint d, int hfield, RuntimeType t, out RuntimeType ft)
    {
        if (d == 0)
            throw HlFailure.Error("Null access");
        var dt = s.TypeOf(d);
        switch (dt.Kind)
        {
            case TypeKind.DynObj:
            {
                var f = DynObjs.Find(d, hfield);
                if (f == 0)
                {
                    f = DynObjs.AddField(s, d, hfield, t);
                }
                else
                {
                    var old = s.FromNative(DynObjs.EntryType(f));
                    if (!HlTypeOps.SameType(s, t, old))
                    {
                        if (HlTypeOps.IsPtr(t) != HlTypeOps.IsPtr(old) || HlTypeOps.Size(t.Kind) != HlTypeOps.Size(old.Kind))
                        {
                            DynObjs.DeleteField(s, d, f);
                            f = DynObjs.AddField(s, d, hfield, t);
                        }
                        else
                        {
                            DynObjs.EntryType(f) = t.Native;
                            DynObjs.RemapVirtuals(s, d, f, 0);
                        }
                    }
                }
                ft = s.FromNative(DynObjs.EntryType(f));
                return DynObjs.FieldAddress(d, f);
            }
            case TypeKind.Obj or TypeKind.Struct:
            {
                var ci = s.Class(dt);
                var f = ci.Resolve(hfield);
                if (f is null || f.IsMethod)
                    throw HlFailure.Error($"{ci.Name} does not have field {s.FieldName(hfield)}");
                ft = f.Type;
                return dt.Kind == TypeKind.Obj ? d + f.Offset : *(nint*)(d + ValueLayout.DynamicValue) + f.Offset;
            }
            case TypeKind.Virtual:
            {
                var v = Virtuals.ValueOf(d);
                if (v != 0)
                    return LookupSet(s, v, hfield, t, out ft);
                var vi = s.Virtual(dt);
                var i = vi.Find(hfield);
                if (i < 0 || !HlTypeOps.SafeCast(s, t, vi.FieldTypes[i]))
                    return LookupSet(s, Virtuals.MakeValue(s, d), hfield, t, out ft);
                ft = vi.FieldTypes[i];
                return d + vi.DataOffsets[i];
            }
            default:
                throw HlFailure.Error("Invalid field access");
        }
    }

    public static void SetI(DynamicState s, nint d, int hfield, RuntimeType t, int value)
    {
        var addr = LookupSet(s, d, hfield, t, out var ft);
        switch (ft.Kind)
        {
            case TypeKind.UI8: *(byte*)addr = (byte)value; break;
            case TypeKind.UI16: *(ushort*)addr = (ushort)value; break;
            case TypeKind.I32: *(int*)addr = value; break;
            case TypeKind.I64 or TypeKind.Guid: *(long*)addr = value; break;
            case TypeKind.Bool: *(byte*)addr = (byte)(value != 0 ? 1 : 0); break;
            case TypeKind.F32: *(float*)addr = value; break;
            case TypeKind.F64: *(double*)addr = value; break;
            default:
                WriteTemporary(s, addr, ft, t, (ulong)(uint)value);
                break;
        }
    }

    public static void SetI64(DynamicState s, nint d, int hfield, long value)
    {
        var addr = LookupSet(s, d, hfield, s.I64, out var ft);
        switch (ft.Kind)
        {
            case TypeKind.UI8: *(byte*)addr = (byte)value; break;
            case TypeKind.UI16: *(ushort*)addr = (ushort)value; break;
            case TypeKind.I32: *(int*)addr = (int)value; break;
            case TypeKind.I64 or TypeKind.Guid: *(long*)addr = value; break;
            case TypeKind.Bool: *(byte*)addr = (byte)(value != 0 ? 1 : 0); break;
            case TypeKind.F32: *(float*)addr = value; break;
            case TypeKind.F64: *(double*)addr = value; break;
            default:
                WriteTemporary(s, addr, ft, s.I64, (ulong)value);
                break;
        }
    }

    public static void SetF(DynamicState s, nint d, int hfield, float value)
    {
        var addr = LookupSet(s, d, hfield, s.F32, out var ft);
        if (ft.Kind == TypeKind.F32)
            *(float*)addr = value;
        else
            WriteTemporary(s, addr, ft, s.F32, BitConverter.SingleToUInt32Bits(value));
    }

    public static void SetD(DynamicState s, nint d, int hfield, double value)
    {
        var addr = LookupSet(s, d, hfield, s.F64, out var ft);
        if (ft.Kind == TypeKind.F64)
            *(double*)addr = value;
        else
            WriteTemporary(s, addr, ft, s.F64, BitConverter.DoubleToUInt64Bits(value));
    }

    public static void SetP(DynamicState s, nint d, int hfield, RuntimeType t, nint value)
    {
        var addr = LookupSet(s, d, hfield, t, out var ft);
        if (HlTypeOps.SameType(s, t, ft) || (HlTypeOps.IsPtr(ft) && value == 0))
            WriteBarrier.Store(addr, value);
        else if (HlTypeOps.IsDynamic(t))
            Casts.WriteDyn(s, addr, ft, value, false);
        else
            WriteTemporary(s, addr, ft, t, (ulong)value);
    }

    // A value boxed on the native stack, as hl's `vdynamic tmp`, then written with hl_write_dyn.
    private static void WriteTemporary(DynamicState s, nint addr, RuntimeType ft, RuntimeType t, ulong bits)
    {
        var tmp = stackalloc ulong[2];
        tmp[0] = (ulong)t.Native;
        tmp[1] = bits;
        Casts.WriteDyn(s, addr, ft, (nint)tmp, true);
    }

    /// <summary>obj_get_field (Reflect.field): the field as a dynamic, null for values that are not objects.</summary>
    public static nint ObjGetField(DynamicState s, nint obj, int hfield)
    {
        if (obj == 0)
            return 0;
        return s.TypeOf(obj).Kind is TypeKind.Obj or TypeKind.Virtual or TypeKind.DynObj or TypeKind.Struct
            ? GetP(s, obj, hfield, s.Dyn)
            : 0;
    }

    /// <summary>obj_set_field (Reflect.setField).</summary>
    public static void ObjSetField(DynamicState s, nint obj, int hfield, nint v)
    {
        if (obj == 0)
            throw HlFailure.Error("Null access");
        if (v == 0)
        {
            SetP(s, obj, hfield, s.Dyn, 0);
            return;
        }
        var addr = LookupSet(s, obj, hfield, s.TypeOf(v), out var ft);
        Casts.WriteDyn(s, addr, ft, v, false);
    }

    /// <summary>obj_has_field (Reflect.hasField): data fields only, not methods.</summary>
    public static bool ObjHasField(DynamicState s, nint obj, int hfield)
    {
        if (obj == 0)
            return false;
        var t = s.TypeOf(obj);
        switch (t.Kind)
        {
            case TypeKind.Obj or TypeKind.Struct:
                return s.Class(t).Resolve(hfield) is { IsMethod: false };
            case TypeKind.DynObj:
                return DynObjs.Find(obj, hfield) != 0;
            case TypeKind.Virtual:
            {
                var v = Virtuals.ValueOf(obj);
                return v != 0 ? ObjHasField(s, v, hfield) : s.Virtual(t).Find(hfield) >= 0;
            }
            default:
                return false;
        }
    }

    /// <summary>obj_delete_field (Reflect.deleteField): only dynamic objects (and virtuals, which become views first) lose fields.</summary>
    public static bool ObjDeleteField(DynamicState s, nint obj, int hfield)
    {
        if (obj == 0)
            return false;
        var t = s.TypeOf(obj);
        switch (t.Kind)
        {
            case TypeKind.DynObj:
            {
                var f = DynObjs.Find(obj, hfield);
                if (f == 0)
                    return false;
                DynObjs.DeleteField(s, obj, f);
                return true;
            }
            case TypeKind.Virtual:
            {
                var v = Virtuals.ValueOf(obj);
                if (v != 0)
                    return ObjDeleteField(s, v, hfield);
                if (s.Virtual(t).Find(hfield) < 0)
                    return false;
                return ObjDeleteField(s, Virtuals.MakeValue(s, obj), hfield);
            }
            default:
                return false;
        }
    }

    /// <summary>obj_fields (Reflect.fields): an array of field names (hl.Bytes).</summary>
    public static nint ObjFields(DynamicState s, nint obj)
    {
        if (obj == 0)
            return 0;
        var t = s.TypeOf(obj);
        switch (t.Kind)
        {
            case TypeKind.DynObj:
            {
                var n = DynObjs.FieldCountOf(obj);
                var a = HlArrays.Allocate(s.Runtime, s.Bytes, n);
                var data = (nint*)HlArrays.Data(a);
                for (var i = 0; i < n; i++)
                {
                    var e = DynObjs.Entry(obj, i);
                    var order = DynObjs.Order(e);
                    if ((uint)order < (uint)n)
                        data[order] = s.NameBytes(s.FieldName(DynObjs.EntryHash(e))); // permanent names: no barrier
                }
                return a;
            }
            case TypeKind.Obj or TypeKind.Struct:
            {
                var names = s.Class(t).FieldNamesDerivedFirst().ToArray();
                var a = HlArrays.Allocate(s.Runtime, s.Bytes, names.Length);
                var data = (nint*)HlArrays.Data(a);
                for (var i = 0; i < names.Length; i++)
                    data[i] = s.NameBytes(names[i]); // permanent names: no barrier
                return a;
            }
            case TypeKind.Virtual:
            {
                var v = Virtuals.ValueOf(obj);
                if (v != 0)
                    return ObjFields(s, v);
                var vi = s.Virtual(t);
                var a = HlArrays.Allocate(s.Runtime, s.Bytes, vi.Count);
                var data = (nint*)HlArrays.Data(a);
                for (var i = 0; i < vi.Count; i++)
                    data[i] = s.NameBytes(vi.Names[i]); // permanent names: no barrier
                return a;
            }
            default:
                return 0;
        }
    }

    /// <summary>obj_copy (Reflect.copy): a shallow copy of a dynamic object or virtual; null for other values.</summary>
    public static nint ObjCopy(DynamicState s, nint obj)
    {
        if (obj == 0)
            return 0;
        var t = s.TypeOf(obj);
        switch (t.Kind)
        {
            case TypeKind.DynObj:
            {
                var heap = s.Runtime.Heap;
                var c = DynObjs.Allocate(s);
                var nfields = DynObjs.FieldCountOf(obj);
                var rawSize = DynObjs.RawSizeOf(obj);
                var nvalues = DynObjs.ValueCountOf(obj);
                var lsize = (long)DynObjLayout.LookupEntrySize * nfields;
                var lookup = heap.Allocate(lsize, Memory.BlockLayout.NoPointers);
                var raw = heap.Allocate(rawSize, Memory.BlockLayout.NoPointers);
                var values = heap.Allocate(8L * nvalues, Memory.BlockLayout.AllPointers);
                Buffer.MemoryCopy((void*)DynObjs.LookupOf(obj), (void*)lookup, lsize, lsize);
                Buffer.MemoryCopy((void*)DynObjs.RawDataOf(obj), (void*)raw, rawSize, rawSize);
                Buffer.MemoryCopy((void*)DynObjs.ValuesOf(obj), (void*)values, 8L * nvalues, 8L * nvalues);
                WriteBarrier.MarkRange(values, 8L * nvalues);
                WriteBarrier.Store(c + DynObjLayout.Lookup, lookup);
                WriteBarrier.Store(c + DynObjLayout.RawData, raw);
                WriteBarrier.Store(c + DynObjLayout.Values, values);
                DynObjs.FieldCountOf(c) = nfields;
                DynObjs.RawSizeOf(c) = rawSize;
                DynObjs.ValueCountOf(c) = nvalues;
                return c;
            }
            case TypeKind.Virtual:
            {
                var v = Virtuals.ValueOf(obj);
                if (v != 0)
                    return ObjCopy(s, v);
                var vi = s.Virtual(t);
                var copy = Virtuals.Allocate(s, t);
                Buffer.MemoryCopy((void*)(obj + vi.DataStart), (void*)(copy + vi.DataStart), vi.DataSize, vi.DataSize);
                WriteBarrier.MarkRange(copy + vi.DataStart, vi.DataSize);
                return copy;
            }
            default:
                return 0;
        }
    }
}
