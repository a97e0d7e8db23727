using System.Runtime.CompilerServices;
using Vm.Frontend.Model;
using Vm.Runtime.Gc;
using Vm.Runtime.Memory;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;

namespace Vm.Runtime.Natives.Maps;

/// <summary>
/// The hash table behind every hl map kind (layout in MapLayout.cs). Operations take the map
/// handle; a null handle raises "Null access" as hl's crash on it would. Not thread-safe, like hl's.
/// </summary>
internal static unsafe class HashTable<TKey, TKeys>
    where TKey : unmanaged
    where TKeys : struct, IMapKeys<TKey>
{
    /// <summary>hl's cell counts: primes roughly doubling. A table of capacity c has the first one >= c / 4.</summary>
    private static readonly int[] CellCounts =
    [
        7, 17, 37, 79, 163, 331, 673, 1361, 2729, 5471, 10949, 21911, 43853, 87613, 175229, 350459,
        700919, 1401857, 2803727, 5607457, 11214943, 22429903, 44859823, 89719661, 179424673,
        373587883, 776531401, 1611623773,
    ];

    /// <summary>hl stores chain indices in bytes below this capacity and rebuilds its chains on crossing it.</summary>
    private const int NarrowIndexLimit = 128;

    private static int W => TKeys.SlotWords;

    public static nint Alloc()
    {
        try
        {
            return VmThread.Current.Runtime.Heap.Allocate(MapView.HandleSize, BlockLayout.AllPointers);
        }
        catch (OutOfMemoryException)
        {
            HlErrors.Raise("Out of memory");
            return 0;
        }
    }

    public static nint Get(nint map, TKey key)
    {
        if (map == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        var v = MapView.Of(map);
        if (v.IsEmpty)
            return 0;
        Refresh(in v);
        var c = Find(in v, TKeys.Hash(key), key);
        return c < 0 ? 0 : v.Slots[c * W + W - 1];
    }

    public static bool Exists(nint map, TKey key)
    {
        if (map == 0)
        {
            HlErrors.NullAccess();
            return false;
        }
        var v = MapView.Of(map);
        if (v.IsEmpty)
            return false;
        Refresh(in v);
        return Find(in v, TKeys.Hash(key), key) >= 0;
    }

    public static void Set(nint map, TKey key, nint value)
    {
        if (map == 0)
        {
            HlErrors.NullAccess();
            return;
        }
        var v = MapView.Of(map);
        if (!v.IsEmpty)
        {
            Refresh(in v);
            var hash = TKeys.Hash(key);
            var c = Find(in v, hash, key);
            if (c >= 0)
            {
                WriteBarrier.Store((nint)(v.Slots + (c * W + W - 1)), value);
                return;
            }
            if (v.Header->FreeHead >= 0)
            {
                Insert(in v, hash, key, value);
                return;
            }
        }
        // Full (or never used): grow, then re-read everything, since growing allocates.
        if (!GrowOrRaise(map))
            return;
        v = MapView.Of(map);
        Refresh(in v);
        Insert(in v, TKeys.Hash(key), key, value);
    }

    public static bool Remove(nint map, TKey key)
    {
        if (map == 0)
        {
            HlErrors.NullAccess();
            return false;
        }
        var v = MapView.Of(map);
        if (v.IsEmpty)
            return false;
        Refresh(in v);
        var hash = TKeys.Hash(key);
        var cell = (int)(hash % (uint)v.Header->CellCount);
        var prev = -1;
        for (var c = v.Cells[cell]; c >= 0; prev = c, c = v.Links[c])
        {
            if (!TKeys.Matches(in v, c, hash, key))
                continue;
            if (prev >= 0)
                v.Links[prev] = v.Links[c];
            else
                v.Cells[cell] = v.Links[c];
            v.Links[c] = v.Header->FreeHead;
            v.Header->FreeHead = c;
            v.Header->Count--;
            // Drop the references so the collector does not keep the removed key and value alive.
            for (var i = 0; i < W; i++)
                v.Slots[c * W + i] = 0;
            return true;
        }
        return false;
    }

    public static int Size(nint map)
    {
        if (map == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        return MapView.Of(map).Count;
    }

    /// <summary>Forgets every entry, as hl does: the map returns to its never-used state.</summary>
    public static void Clear(nint map)
    {
        if (map == 0)
        {
            HlErrors.NullAccess();
            return;
        }
        ((nint*)map)[0] = 0;
        ((nint*)map)[MapView.SlotsWord] = 0;
    }

    /// <summary>A native array of the keys (hl's key element type), in hl's enumeration order.</summary>
    public static nint Keys(nint map) => Enumerate(map, keys: true);

    /// <summary>A native array of dynamic values, in the same order as <see cref="Keys"/>.</summary>
    public static nint Values(nint map) => Enumerate(map, keys: false);

    private static nint Enumerate(nint map, bool keys)
    {
        if (map == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        var rt = VmThread.Current.Runtime;
        nint array;
        try
        {
            array = HlArrays.Allocate(rt, rt.Types.Builtin(keys ? TKeys.KeyKind : TypeKind.Dyn), MapView.Of(map).Count);
        }
        catch (OutOfMemoryException)
        {
            HlErrors.Raise("Out of memory");
            return 0;
        }
        var v = MapView.Of(map); // after the allocation
        if (v.IsEmpty)
            return array;
        var p = 0;
        var n = v.Header->CellCount;
        if (keys)
        {
            var dst = (TKey*)HlArrays.Data(array);
            for (var i = 0; i < n; i++)
                for (var c = v.Cells[i]; c >= 0; c = v.Links[c])
                    dst[p++] = TKeys.KeyAt(in v, c);
            // Bytes and object keys are references (a large key array is born old).
            if (TKeys.KeyKind is TypeKind.Bytes or TypeKind.Dyn)
                WriteBarrier.MarkRange(HlArrays.Data(array), (long)sizeof(TKey) * p);
        }
        else
        {
            var dst = (nint*)HlArrays.Data(array);
            for (var i = 0; i < n; i++)
                for (var c = v.Cells[i]; c >= 0; c = v.Links[c])
                    dst[p++] = v.Slots[c * W + W - 1];
            WriteBarrier.MarkRange(HlArrays.Data(array), 8L * p);
        }
        return array;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Find(in MapView v, uint hash, TKey key)
    {
        var c = v.Cells[hash % (uint)v.Header->CellCount];
        while (c >= 0 && !TKeys.Matches(in v, c, hash, key))
            c = v.Links[c];
        return c;
    }

    /// <summary>Stores a new entry in the first free slot (there must be one), at the front of its chain.</summary>
    private static void Insert(in MapView v, uint hash, TKey key, nint value)
    {
        var h = v.Header;
        var c = h->FreeHead;
        h->FreeHead = v.Links[c];
        TKeys.Store(in v, c, hash, key);
        var cell = (int)(hash % (uint)h->CellCount);
        v.Links[c] = v.Cells[cell];
        v.Cells[cell] = c;
        WriteBarrier.Store((nint)(v.Slots + (c * W + W - 1)), value);
        h->Count++;
    }

    /// <summary>Rebuilds the chains of an address-hashed map whose keys may have moved since it was hashed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Refresh(in MapView v)
    {
        if (TKeys.AddressHashed && v.Header->Epoch != MapAddressEpoch.Current)
            Rehash(in v);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Rehash(in MapView v)
    {
        var n = v.Header->CellCount;
        // Gather every entry into one list through links[], then deal them out again.
        var all = -1;
        for (var i = 0; i < n; i++)
        {
            for (var c = v.Cells[i]; c >= 0;)
            {
                var next = v.Links[c];
                v.Links[c] = all;
                all = c;
                c = next;
            }
            v.Cells[i] = -1;
        }
        while (all >= 0)
        {
            var next = v.Links[all];
            var cell = (int)(TKeys.HashAt(in v, all) % (uint)n);
            v.Links[all] = v.Cells[cell];
            v.Cells[cell] = all;
            all = next;
        }
        v.Header->Epoch = MapAddressEpoch.Current;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool GrowOrRaise(nint map)
    {
        try
        {
            Grow(map);
            return true;
        }
        catch (OutOfMemoryException)
        {
            HlErrors.Raise("Out of memory");
            return false;
        }
    }

    /// <summary>
    /// Grows a full map by hl's steps (3, then x1.5). Like hl, it keeps the chains when the cell
    /// count stays the same (and the 128-entry index width is not crossed), else re-links every
    /// entry cell by cell, which is what fixes the enumeration order hl programs observe.
    /// </summary>
    private static void Grow(nint map)
    {
        var heap = VmThread.Current.Runtime.Heap;
        var before = MapView.Of(map);
        var oldCapacity = before.IsEmpty ? 0 : before.Header->Capacity;
        var oldCells = before.IsEmpty ? 0 : before.Header->CellCount;
        var grown = oldCapacity == 0 ? 3 : ((long)oldCapacity * 3 + 1) >> 1;
        if (grown > int.MaxValue / 16)
            throw new OutOfMemoryException();
        var capacity = (int)grown;
        var k = 0;
        while (k < CellCounts.Length - 1 && CellCounts[k] < capacity >> 2)
            k++;
        var cellCount = CellCounts[k];

        var table = heap.Allocate(MapView.TableSize(cellCount, capacity, TKeys.ScalarSize), BlockLayout.NoPointers);
        var slots = heap.Allocate(8L * W * capacity, BlockLayout.AllPointers);
        var old = MapView.Of(map); // re-read: the allocations may have moved the old blocks

        if (!old.IsEmpty && oldCells == cellCount && (capacity < NarrowIndexLimit || oldCapacity >= NarrowIndexLimit))
        {
            var v = MapView.Init(table, slots, cellCount, capacity, old.Header->Epoch);
            new Span<int>(old.Cells, cellCount).CopyTo(new Span<int>(v.Cells, cellCount));
            new Span<int>(old.Links, oldCapacity).CopyTo(new Span<int>(v.Links, oldCapacity));
            new Span<byte>(old.Scalars, TKeys.ScalarSize * oldCapacity).CopyTo(new Span<byte>(v.Scalars, TKeys.ScalarSize * oldCapacity));
            new Span<nint>(old.Slots, W * oldCapacity).CopyTo(new Span<nint>(v.Slots, W * oldCapacity));
            WriteBarrier.MarkRange((nint)v.Slots, 8L * W * oldCapacity);
            v.Header->Count = old.Header->Count;
            LinkFree(in v, oldCapacity, capacity);
        }
        else
        {
            var v = MapView.Init(table, slots, cellCount, capacity, MapAddressEpoch.Current);
            new Span<int>(v.Cells, cellCount).Fill(-1);
            LinkFree(in v, 0, capacity);
            for (var i = 0; i < oldCells; i++)
                for (var c = old.Cells[i]; c >= 0; c = old.Links[c])
                    Insert(in v, TKeys.HashAt(in old, c), TKeys.KeyAt(in old, c), old.Slots[c * W + W - 1]);
        }
        WriteBarrier.Store(map, table);
        WriteBarrier.Store(map + 8 * MapView.SlotsWord, slots);
    }

    /// <summary>Makes slots [from, to) the free list, lowest first.</summary>
    private static void LinkFree(in MapView v, int from, int to)
    {
        for (var i = from; i < to - 1; i++)
            v.Links[i] = i + 1;
        if (to > from)
            v.Links[to - 1] = -1;
        v.Header->FreeHead = to > from ? from : -1;
    }
}
