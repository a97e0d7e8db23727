using Vm.Runtime.Gc;
using Vm.Runtime.Memory;
using Vm.Runtime.Types;
using Vm.Runtime.Values;
using L = Vm.Runtime.Dynamic.DynObjLayout;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// Dynamic objects (vdynobj): allocation, the hash-sorted field table, adding and deleting fields while
/// keeping the virtuals that view the object pointing at the right storage (see <see cref="DynObjLayout"/>).
/// </summary>
public static unsafe class DynObjs
{
    public static nint Allocate(DynamicState s)
    {
        var o = s.Runtime.Heap.Allocate(L.Size, BlockLayout.DynObj);
        *(nint*)o = s.DynObjType.Native;
        return o;
    }

    public static ref nint LookupOf(nint o) => ref *(nint*)(o + L.Lookup);
    public static ref nint RawDataOf(nint o) => ref *(nint*)(o + L.RawData);
    public static ref nint ValuesOf(nint o) => ref *(nint*)(o + L.Values);
    public static ref int FieldCountOf(nint o) => ref *(int*)(o + L.NFields);
    public static ref int RawSizeOf(nint o) => ref *(int*)(o + L.RawSize);
    public static ref int ValueCountOf(nint o) => ref *(int*)(o + L.NValues);
    public static ref nint VirtualsOf(nint o) => ref *(nint*)(o + L.Virtuals);

    /// <summary>The i-th entry of the lookup table (hash order).</summary>
    public static nint Entry(nint o, int i) => LookupOf(o) + (nint)i * L.LookupEntrySize;

    public static ref nint EntryType(nint e) => ref *(nint*)(e + L.EntryType);
    public static ref int EntryHash(nint e) => ref *(int*)(e + L.EntryHash);
    public static ref int EntryIndex(nint e) => ref *(int*)(e + L.EntryIndex);

    /// <summary>Insertion position of a field (its position in Reflect.fields).</summary>
    public static int Order(nint e) => (int)((uint)EntryIndex(e) >> L.IndexShift);

    public static bool EntryIsPtr(nint e) => IsPtrDescriptor(EntryType(e));

    internal static bool IsPtrDescriptor(nint descriptor) => HlTypeOps.IsPtr((Frontend.Model.TypeKind)((NativeTypeDescriptor*)descriptor)->Kind);

    internal static Frontend.Model.TypeKind KindOfDescriptor(nint descriptor) => (Frontend.Model.TypeKind)((NativeTypeDescriptor*)descriptor)->Kind;

    /// <summary>hl_dynobj_field: the storage of a field.</summary>
    public static nint FieldAddress(nint o, nint e)
    {
        var index = EntryIndex(e) & L.IndexMask;
        return EntryIsPtr(e) ? ValuesOf(o) + (nint)index * 8 : RawDataOf(o) + index;
    }

    /// <summary>hl_lookup_find: the entry for <paramref name="hash"/>, or 0.</summary>
    public static nint Find(nint o, int hash)
    {
        var l = LookupOf(o);
        var count = FieldCountOf(o);
        var i = FindInsertPosition(l, count, hash);
        var entry = l + (nint)i * L.LookupEntrySize;
        return i < count && *(int*)(entry + L.EntryHash) == hash ? entry : 0;
    }

    private static int FindInsertPosition(nint l, int count, int hash)
    {
        int min = 0, max = count;
        while (min < max)
        {
            var mid = (min + max) >> 1;
            var h = *(int*)(l + (nint)mid * L.LookupEntrySize + L.EntryHash);
            if (h < hash)
                min = mid + 1;
            else if (h > hash)
                max = mid;
            else
                return mid;
        }
        return (min + max) >> 1;
    }

    /// <summary>hl_dynobj_add_field: adds a field of type <paramref name="t"/>; returns its entry.</summary>
    public static nint AddField(DynamicState s, nint o, int hash, RuntimeType t)
    {
        var heap = s.Runtime.Heap;
        int index;
        nint addressOffset;
        var nfields = FieldCountOf(o);
        if (HlTypeOps.IsPtr(t))
        {
            index = ValueCountOf(o);
            if (index > L.IndexMask)
                throw HlFailure.Error("Too many dynobj values");
            var values = heap.Allocate(8L * (index + 1), BlockLayout.AllPointers);
            if (index > 0)
            {
                Buffer.MemoryCopy((void*)ValuesOf(o), (void*)values, 8L * index, 8L * index);
                WriteBarrier.MarkRange(values, 8L * index);
            }
            addressOffset = values - ValuesOf(o);
            WriteBarrier.Store(o + L.Values, values);
            ValueCountOf(o)++;
        }
        else
        {
            // Raw fields are packed again when deleted fields left holes.
            var rawSize = 0;
            for (var i = 0; i < nfields; i++)
            {
                var e = Entry(o, i);
                if (EntryIsPtr(e))
                    continue;
                var k = KindOfDescriptor(EntryType(e));
                rawSize += HlTypeOps.PadSize(rawSize, k) + HlTypeOps.Size(k);
            }
            if (rawSize > RawSizeOf(o))
                rawSize = RawSizeOf(o);
            var pad = HlTypeOps.PadSize(rawSize, t.Kind);
            var size = HlTypeOps.Size(t.Kind);
            if (rawSize + pad > L.IndexMask)
                throw HlFailure.Error("Too many dynobj values");
            var data = heap.Allocate(rawSize + pad + size, BlockLayout.NoPointers);
            if (rawSize == RawSizeOf(o))
            {
                if (rawSize > 0)
                    Buffer.MemoryCopy((void*)RawDataOf(o), (void*)data, rawSize, rawSize);
            }
            else
            {
                rawSize = 0;
                for (var i = 0; i < nfields; i++)
                {
                    var e = Entry(o, i);
                    if (EntryIsPtr(e))
                        continue;
                    var old = EntryIndex(e) & L.IndexMask;
                    var k = KindOfDescriptor(EntryType(e));
                    rawSize += HlTypeOps.PadSize(rawSize, k);
                    var sz = HlTypeOps.Size(k);
                    Buffer.MemoryCopy((void*)(RawDataOf(o) + old), (void*)(data + rawSize), sz, sz);
                    EntryIndex(e) = rawSize | (Order(e) << L.IndexShift);
                    if (old != rawSize)
                        RemapVirtuals(s, o, e, 0);
                    rawSize += sz;
                }
                RawSizeOf(o) = rawSize;
            }
            addressOffset = data - RawDataOf(o);
            WriteBarrier.Store(o + L.RawData, data);
            RawSizeOf(o) += pad;
            index = RawSizeOf(o);
            RawSizeOf(o) += size;
        }

        var oldLookup = LookupOf(o);
        var lookup = heap.Allocate((long)L.LookupEntrySize * (nfields + 1), BlockLayout.NoPointers);
        var pos = FindInsertPosition(oldLookup, nfields, hash);
        var es = L.LookupEntrySize;
        if (pos > 0)
            Buffer.MemoryCopy((void*)oldLookup, (void*)lookup, (long)es * pos, (long)es * pos);
        var f = lookup + (nint)pos * es;
        EntryType(f) = t.Native;
        EntryHash(f) = hash;
        EntryIndex(f) = index | (nfields << L.IndexShift);
        if (nfields > pos)
            Buffer.MemoryCopy((void*)(oldLookup + (nint)pos * es), (void*)(f + es), (long)es * (nfields - pos), (long)es * (nfields - pos));
        FieldCountOf(o) = nfields + 1;
        WriteBarrier.Store(o + L.Lookup, lookup);

        RemapVirtuals(s, o, f, addressOffset);
        return f;
    }

    /// <summary>hl_dynobj_remap_virtuals: moves the field pointers of the virtuals viewing <paramref name="o"/> after its storage changed.</summary>
    public static void RemapVirtuals(DynamicState s, nint o, nint f, nint addressOffset)
    {
        var isPtr = EntryIsPtr(f);
        var hash = EntryHash(f);
        var ft = s.FromNative(EntryType(f));
        for (var v = VirtualsOf(o); v != 0; v = *(nint*)(v + ValueLayout.VirtualNext))
        {
            var vi = s.Virtual(s.TypeOf(v));
            var fields = (nint*)(v + ValueLayout.VirtualFields);
            if (addressOffset != 0)
            {
                for (var i = 0; i < vi.Count; i++)
                    if (fields[i] != 0 && HlTypeOps.IsPtr(vi.FieldTypes[i]) == isPtr)
                    {
                        fields[i] += addressOffset;
                        WriteBarrier.Mark((nint)(fields + i));
                    }
            }
            var vf = vi.Find(hash);
            if (vf >= 0)
                WriteBarrier.Store((nint)(fields + vf), HlTypeOps.SameType(s, vi.FieldTypes[vf], ft) ? FieldAddress(o, f) : 0);
        }
    }

    /// <summary>hl_dynobj_delete_field.</summary>
    public static void DeleteField(DynamicState s, nint o, nint f)
    {
        var order = Order(f);
        var index = EntryIndex(f) & L.IndexMask;
        var isPtr = EntryIsPtr(f);
        var hash = EntryHash(f);
        var nfields = FieldCountOf(o);
        if (isPtr)
        {
            var values = (nint*)ValuesOf(o);
            var n = ValueCountOf(o);
            for (var i = index; i < n - 1; i++)
                values[i] = values[i + 1];
            if (n - 1 > index)
                WriteBarrier.MarkRange((nint)(values + index), 8L * (n - 1 - index));
            n--;
            ValueCountOf(o) = n;
            values[n] = 0;
            for (var i = 0; i < nfields; i++)
            {
                var e = Entry(o, i);
                if (EntryIsPtr(e) && (EntryIndex(e) & L.IndexMask) > index)
                    EntryIndex(e)--;
            }
        }
        // Raw fields leave a hole, packed again by the next add.

        var removed = ValuesOf(o) + (nint)index * 8;
        for (var v = VirtualsOf(o); v != 0; v = *(nint*)(v + ValueLayout.VirtualNext))
        {
            var vi = s.Virtual(s.TypeOf(v));
            var fields = (nint*)(v + ValueLayout.VirtualFields);
            var vf = vi.Find(hash);
            if (vf >= 0)
                fields[vf] = 0;
            if (isPtr)
            {
                for (var i = 0; i < vi.Count; i++)
                    if (HlTypeOps.IsPtr(vi.FieldTypes[i]) && fields[i] != 0 && fields[i] > removed)
                    {
                        fields[i] -= 8;
                        WriteBarrier.Mark((nint)(fields + i));
                    }
            }
        }

        var field = (int)((f - LookupOf(o)) / L.LookupEntrySize);
        var es = L.LookupEntrySize;
        var after = (long)es * (nfields - (field + 1));
        if (after > 0)
            Buffer.MemoryCopy((void*)(f + es), (void*)f, after, after);
        nfields--;
        FieldCountOf(o) = nfields;
        for (var i = 0; i < nfields; i++)
        {
            var e = Entry(o, i);
            if (Order(e) > order)
                EntryIndex(e) -= 1 << L.IndexShift;
        }
    }

    /// <summary>Positions in the lookup table of the fields in insertion order (the order of Reflect.fields).</summary>
    public static int[] PositionsInOrder(nint o)
    {
        var n = FieldCountOf(o);
        var result = new int[n];
        for (var i = 0; i < n; i++)
        {
            var ord = Order(Entry(o, i));
            if ((uint)ord < (uint)n)
                result[ord] = i;
        }
        return result;
    }
}
