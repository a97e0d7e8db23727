using Vm.Frontend.Model;
using Vm.Runtime.Gc;
using Vm.Runtime.Memory;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// Virtuals (structural views, vvirtual): allocation with their own storage, views on objects and dynamic
/// objects (hl_to_virtual), and turning a self-contained virtual into a view on a new dynamic object when
/// it must grow (hl_virtual_make_value). A view is only the header and the field pointers
/// (<see cref="ValueLayout.VirtualFields"/> + 8 per field): the own storage exists only while
/// <c>value</c> is null. Field pointers are interior pointers into the viewed object (or, for methods of
/// class instances, code addresses).
/// </summary>
public static unsafe class Virtuals
{
    public static ref nint ValueOf(nint v) => ref *(nint*)(v + ValueLayout.VirtualValue);
    public static ref nint NextOf(nint v) => ref *(nint*)(v + ValueLayout.VirtualNext);
    public static nint* Fields(nint v) => (nint*)(v + ValueLayout.VirtualFields);

    /// <summary>hl_alloc_virtual: a virtual owning its fields.</summary>
    public static nint Allocate(DynamicState s, RuntimeType vt) => s.Runtime.AllocateObject(vt);

    private static nint AllocateView(DynamicState s, RuntimeType vt, VirtualInfo vi, nint value)
    {
        var v = s.Runtime.Heap.Allocate(ValueLayout.VirtualFields + 8L * vi.Count, BlockLayout.Virtual, vt.Id);
        *(nint*)v = vt.Native;
        WriteBarrier.Store(v + ValueLayout.VirtualValue, value);
        return v;
    }

    /// <summary>hl_to_virtual: a view of type <paramref name="vt"/> on <paramref name="obj"/>.</summary>
    public static nint ToVirtual(DynamicState s, RuntimeType vt, nint obj)
    {
        if (obj == 0)
            return 0;
        var t = s.TypeOf(obj);
        var vi = s.Virtual(vt);
        switch (t.Kind)
        {
            case TypeKind.Obj:
            {
                var ci = s.Class(t);
                nint cache = 0;
                for (var c = ci; c is not null; c = c.Parent)
                {
                    foreach (var (ht, offset) in c.Interfaces)
                    {
                        if (ReferenceEquals(ht, vt.Source))
                        {
                            cache = obj + offset;
                            break;
                        }
                    }
                }
                if (cache != 0 && *(nint*)cache != 0)
                    return *(nint*)cache;
                var v = AllocateView(s, vt, vi, obj);
                var fields = Fields(v);
                for (var i = 0; i < vi.Count; i++)
                {
                    var f = ci.Resolve(vi.Hashes[i]);
                    var ft = vi.FieldTypes[i];
                    if (f is { IsMethod: true })
                    {
                        // The method seen without its receiver must fit the field's method type.
                        var m = s.RequireFun(f.Type);
                        var fits = ft.Kind == TypeKind.Method && m.NArgs > 0
                            && (HlTypeOps.FunctionCast(s, m.NArgs - 1, m.Args[1..], m.Ret, ft) ?? false);
                        fields[i] = fits ? ci.MethodAddress(s, f.MethodIndex) : 0;
                    }
                    else
                    {
                        WriteBarrier.Store((nint)(fields + i), f is null || !HlTypeOps.SameType(s, f.Type, ft) ? 0 : obj + f.Offset);
                    }
                }
                if (cache != 0)
                    WriteBarrier.Store(cache, v);
                return v;
            }
            case TypeKind.DynObj:
            {
                for (var v0 = DynObjs.VirtualsOf(obj); v0 != 0; v0 = NextOf(v0))
                    if (ReferenceEquals(s.TypeOf(v0).Source, vt.Source))
                        return v0;
                var v = AllocateView(s, vt, vi, obj);
                var fields = Fields(v);
                ulong needRecast = 0;
                for (var i = 0; i < vi.Count; i++)
                {
                    var f = DynObjs.Find(obj, vi.Hashes[i]);
                    var vft = vi.FieldTypes[i];
                    var ft = f == 0 ? null : s.FromNative(DynObjs.EntryType(f));
                    var addr = ft is null || !HlTypeOps.SameType(s, ft, vft) ? 0 : DynObjs.FieldAddress(obj, f);
                    // Fields whose stored type differs are converted below, once, for the first view only.
                    if (addr == 0 && ft is not null && DynObjs.VirtualsOf(obj) == 0 && ShouldRecast(s, ft, vft))
                        needRecast |= 1UL << (i & 63);
                    WriteBarrier.Store((nint)(fields + i), addr);
                }
                WriteBarrier.Store(v + ValueLayout.VirtualNext, DynObjs.VirtualsOf(obj));
                WriteBarrier.Store(obj + DynObjLayout.Virtuals, v);
                if (needRecast != 0)
                {
                    var extraCheck = vi.Count > 63;
                    for (var i = 0; i < vi.Count; i++)
                    {
                        if ((needRecast & (1UL << (i & 63))) == 0)
                            continue;
                        var hash = vi.Hashes[i];
                        var ft = vi.FieldTypes[i];
                        if (extraCheck && DynObjs.Find(obj, hash) == 0)
                            continue;
                        if (HlTypeOps.IsPtr(ft))
                            FieldAccess.SetP(s, obj, hash, ft, FieldAccess.GetP(s, obj, hash, ft));
                        else if (ft.Kind == TypeKind.F64)
                            FieldAccess.SetD(s, obj, hash, FieldAccess.GetD(s, obj, hash));
                    }
                }
                return v;
            }
            case TypeKind.Virtual:
                if (HlTypeOps.SafeCast(s, t, vt))
                    return obj;
                return ToVirtual(s, vt, MakeValue(s, obj));
            default:
                throw Casts.InvalidCast(s, t, vt);
        }
    }

    private static bool ShouldRecast(DynamicState s, RuntimeType t, RuntimeType vt)
    {
        if (vt.Kind == TypeKind.F64 && t.Kind == TypeKind.I32)
            return true;
        if (vt.Kind == TypeKind.Null)
        {
            var p = s.Param(vt).Kind;
            if (p == t.Kind || (p == TypeKind.F64 && t.Kind == TypeKind.I32))
                return true;
        }
        if (vt.Kind == TypeKind.Virtual && t.Kind == TypeKind.DynObj)
            return true;
        if (vt.Kind == TypeKind.Obj && t.Kind == TypeKind.Obj && s.Class(vt).CastMethod is not null)
            return true;
        return false;
    }

    /// <summary>
    /// hl_virtual_make_value: moves a self-contained virtual's fields into a new dynamic object (fields in
    /// hash order) and makes the virtual a view on it; returns the object.
    /// </summary>
    public static nint MakeValue(DynamicState s, nint v)
    {
        if (ValueOf(v) != 0)
            return ValueOf(v);
        var vi = s.Virtual(s.TypeOf(v));
        var n = vi.Count;
        var heap = s.Runtime.Heap;
        var o = DynObjs.Allocate(s);
        var lookup = heap.Allocate((long)DynObjLayout.LookupEntrySize * n, BlockLayout.NoPointers);
        WriteBarrier.Store(o + DynObjLayout.Lookup, lookup);
        DynObjs.FieldCountOf(o) = n;
        int rawSize = 0, nvalues = 0;
        for (var i = 0; i < n; i++)
        {
            var decl = vi.Lookup[i];
            var e = DynObjs.Entry(o, i);
            var ft = vi.FieldTypes[decl];
            DynObjs.EntryType(e) = ft.Native;
            DynObjs.EntryHash(e) = vi.Hashes[decl];
            int index;
            if (HlTypeOps.IsPtr(ft))
            {
                index = nvalues++;
            }
            else
            {
                rawSize += HlTypeOps.PadSize(rawSize, ft.Kind);
                index = rawSize;
                rawSize += HlTypeOps.Size(ft.Kind);
            }
            if (index > DynObjLayout.IndexMask)
                throw HlFailure.Error("Too many dynobj fields");
            DynObjs.EntryIndex(e) = index | (i << DynObjLayout.IndexShift);
        }
        WriteBarrier.Store(o + DynObjLayout.RawData, heap.Allocate(rawSize, BlockLayout.NoPointers));
        DynObjs.RawSizeOf(o) = rawSize;
        WriteBarrier.Store(o + DynObjLayout.Values, heap.Allocate(8L * nvalues, BlockLayout.AllPointers));
        DynObjs.ValueCountOf(o) = nvalues;
        var fields = Fields(v);
        for (var i = 0; i < n; i++)
        {
            var e = DynObjs.Entry(o, i);
            var decl = vi.Lookup[i];
            var to = DynObjs.FieldAddress(o, e);
            var from = fields[decl];
            var size = HlTypeOps.Size(vi.FieldTypes[decl].Kind);
            if (from != 0)
            {
                Buffer.MemoryCopy((void*)from, (void*)to, size, size);
                WriteBarrier.MarkRange(to, size);
            }
            WriteBarrier.Store((nint)(fields + decl), to);
        }
        new Span<byte>((void*)(v + vi.DataStart), vi.DataSize).Clear();
        WriteBarrier.Store(o + DynObjLayout.Virtuals, v);
        WriteBarrier.Store(v + ValueLayout.VirtualValue, o);
        return o;
    }
}
