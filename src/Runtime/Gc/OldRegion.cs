using System.Runtime.CompilerServices;
namespace Vm.Runtime.Gc;

/// <summary>
/// The one range of address space every old generation of the process takes its pages from, with the
/// card table over it. Being one fixed range makes the write barrier a constant test: JIT code and natives
/// dirty the card of a slot when the slot lies in this range, whatever runtime owns the page.
/// </summary>
public static unsafe class OldRegion
{
    /// <summary>Address space reserved for old pages and large objects (64 GB; pages are committed on use).</summary>
    public const long ReserveSize = 64L << 30;

    private static readonly ReservedRegion Region = Reserve();

    // Fields, not computed properties: optimized code (barriers in natives, the collector) reads them as constants.

    /// <summary>First address of the range (aligned to a page of the old generation).</summary>
    public static readonly nint Start = (Region.Start + OldSpacePage.Size - 1) & ~(nint)(OldSpacePage.Size - 1);

    public static readonly nint End = Region.End;

    /// <summary>Size tested by the barrier: a slot is old when (slot - Start) is below it (unsigned).</summary>
    public static readonly long Size = End - Start;

    private static readonly Lock Lock = new();
    private static readonly SortedDictionary<nint, long> FreeRuns = [];
    private static nint _next = Start;

    /// <summary>What occupies each page of the range: an <see cref="OldSpacePage"/>, a <see cref="LargeObject"/>, or null.</summary>
    private static readonly object?[] Pages = new object?[ReserveSize / OldSpacePage.Size];

    /// <summary>The page or large object at <paramref name="p"/> (no lock: set before any of its blocks is handed out).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object? PageAt(nint p)
    {
        var offset = (ulong)(p - Start);
        return offset < (ulong)ReserveSize ? Pages[(long)(offset / OldSpacePage.Size)] : null;
    }

    internal static void SetPages(nint start, int count, object? owner)
    {
        var first = (long)((ulong)(start - Start) / OldSpacePage.Size);
        for (var i = 0; i < count; i++)
            Volatile.Write(ref Pages[first + i], owner);
    }

    /// <summary>The card table covering the whole range.</summary>
    public static CardTable Cards { get; } = new(Region);

    public static bool Contains(nint p) => (ulong)(p - Start) < (ulong)Size;

    /// <summary>Commits <paramref name="count"/> contiguous zeroed pages (freed runs are reused first).</summary>
    public static nint TakePages(int count)
    {
        var size = (long)count * OldSpacePage.Size;
        lock (Lock)
        {
            foreach (var (start, runSize) in FreeRuns)
            {
                if (runSize < size)
                    continue;
                FreeRuns.Remove(start);
                if (runSize > size)
                    FreeRuns[start + (nint)size] = runSize - size;
                Region.Commit(start, size);
                return start;
            }
            var p = _next;
            if ((long)(p - Start) + size > ReserveSize)
                throw new OutOfMemoryException("the old generation's address space is exhausted");
            _next += (nint)size;
            Region.Commit(p, size);
            return p;
        }
    }

    /// <summary>
    /// Takes a page its owner keeps committed for reuse out of the page table: no block lives there any more,
    /// so no address may resolve to it and no card may stay dirty.
    /// </summary>
    internal static void DetachPage(nint start)
    {
        SetPages(start, 1, null);
        Cards.Clear(start, OldSpacePage.Size);
    }

    /// <summary>Gives pages back: their memory returns to the system and they read as zeros when taken again.</summary>
    public static void ReturnPages(nint start, int count)
    {
        var size = (long)count * OldSpacePage.Size;
        SetPages(start, count, null);
        Region.Decommit(start, size);
        Cards.Clear(start, size);
        lock (Lock)
        {
            FreeRuns[start] = size;
        }
    }

    private static ReservedRegion Reserve() => new(ReserveSize + OldSpacePage.Size);
}
