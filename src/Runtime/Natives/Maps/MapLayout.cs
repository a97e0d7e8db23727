using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Maps;

// Memory layout of a hash map (the abstract value Haxe code holds), all in the collected heap:
//
//   handle  AllPointers, 2 words: [0] table, [1] slots (both null while the map is empty or cleared)
//   table   NoPointers:  TableHeader (24 bytes)
//                        int cells[CellCount]   first slot of each chain, -1 for none
//                        int links[Capacity]    next slot in the chain (or in the free list), -1 ends
//                        (padding to 8 bytes)
//                        scalars[Capacity]      per slot: the key itself (int, long) or its cached hash (bytes)
//   slots   AllPointers: per slot [key, value] (bytes and object keys) or [value] (int and int64 keys)
//
// Chains are separate (cells index into links) and new entries go to the front of their chain,
// with HashLink's cell counts and growth steps, so keys()/values() enumerate in the same order as hl.
// Nothing here lives outside the heap: C# code only holds block addresses between allocations.

/// <summary>The scalar header at the start of a map's table block.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TableHeader
{
    public int CellCount;
    public int Count;
    public int Capacity;
    /// <summary>First free slot (free slots are linked through links[]), -1 when full.</summary>
    public int FreeHead;
    /// <summary>Value of <see cref="MapAddressEpoch.Current"/> when address-derived hashes were computed.</summary>
    public int Epoch;
    public int Reserved;
}

/// <summary>Decoded addresses of one map's blocks; valid until the next heap allocation.</summary>
internal readonly unsafe ref struct MapView
{
    public const int HandleSize = 16;
    public const int SlotsWord = 1;

    public readonly TableHeader* Header;
    public readonly int* Cells;
    public readonly int* Links;
    public readonly byte* Scalars;
    public readonly nint* Slots;

    private MapView(nint table, nint slots)
    {
        Header = (TableHeader*)table;
        Cells = (int*)(table + sizeof(TableHeader));
        Links = Cells + Header->CellCount;
        Scalars = (byte*)table + ScalarsOffset(Header->CellCount, Header->Capacity);
        Slots = (nint*)slots;
    }

    /// <summary>The view of a map handle; <see cref="IsEmpty"/> when it has no storage yet.</summary>
    public static MapView Of(nint handle)
    {
        var table = ((nint*)handle)[0];
        return table == 0 ? default : new MapView(table, ((nint*)handle)[SlotsWord]);
    }

    /// <summary>Formats fresh blocks as a table of the given shape and returns their view.</summary>
    public static MapView Init(nint table, nint slots, int cellCount, int capacity, int epoch)
    {
        var h = (TableHeader*)table;
        h->CellCount = cellCount;
        h->Capacity = capacity;
        h->Count = 0;
        h->FreeHead = -1;
        h->Epoch = epoch;
        return new MapView(table, slots);
    }

    public bool IsEmpty => Header == null;

    public int Count => Header == null ? 0 : Header->Count;

    public static long ScalarsOffset(int cellCount, int capacity) =>
        (sizeof(TableHeader) + 4L * cellCount + 4L * capacity + 7) & ~7L;

    public static long TableSize(int cellCount, int capacity, int scalarSize) =>
        ScalarsOffset(cellCount, capacity) + (long)scalarSize * capacity;
}

/// <summary>
/// Object maps hash keys by address, as hl does. A collector that moves objects calls
/// <see cref="ObjectsMoved"/> afterwards; each address-hashed map then rebuilds its chains
/// the next time it is used (its table records the epoch it was hashed under).
/// </summary>
public static class MapAddressEpoch
{
    private static int _value;

    public static int Current => Volatile.Read(ref _value);

    /// <summary>Invalidates every address-derived hash (call after objects have moved).</summary>
    public static void ObjectsMoved() => Interlocked.Increment(ref _value);
}
