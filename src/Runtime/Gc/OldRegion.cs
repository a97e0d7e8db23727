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
    private static readonly Lock Lock = new();
    private static readonly SortedDictionary<nint, long> FreeRuns = [];
    private static nint _next = Start;

    /// <summary>First address of the range (aligned to a page of the old generation).</summary>
    public static nint Start => (Region.Start + OldSpacePage.Size - 1) & ~(nint)(OldSpacePage.Size - 1);

    public static nint End => Region.End;

    /// <summary>Size tested by the barrier: a slot is old when (slot - Start) is below it (unsigned).</summary>
    public static long Size => End - Start;

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
            if (p + (nint)size > End)
                throw new OutOfMemoryException("the old generation's address space is exhausted");
            _next += (nint)size;
            Region.Commit(p, size);
            return p;
        }
    }

    /// <summary>Gives pages back: their memory returns to the system and they read as zeros when taken again.</summary>
    public static void ReturnPages(nint start, int count)
    {
        var size = (long)count * OldSpacePage.Size;
        Region.Decommit(start, size);
        Cards.Clear(start, size);
        lock (Lock)
        {
            FreeRuns[start] = size;
        }
    }

    private static ReservedRegion Reserve() => new(ReserveSize + OldSpacePage.Size);
}
