using System.Runtime.CompilerServices;
namespace Vm.Runtime.Gc;

/// <summary>
/// One runtime's old generation: non-moving, size-class pages for blocks up to <see cref="SizeClasses.MaxCellSize"/>
/// bytes and a large-object space for the rest, all taken from the process-wide <see cref="OldRegion"/>.
/// Collected by marking (from the collector) and sweeping; sweeping is lazy — a page is swept when
/// allocation needs it — or all at once. Addresses handed out are cell starts; the caller puts its own
/// header in the cell.
/// </summary>
public sealed unsafe class OldSpace : IDisposable
{
    private readonly List<OldSpacePage>[] _pagesByClass;
    private readonly OldSpacePage?[] _current;
    private readonly Dictionary<nint, OldSpacePage> _pageByStart = [];
    private readonly SortedList<nint, LargeObject> _large = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    public OldSpace()
    {
        _pagesByClass = new List<OldSpacePage>[SizeClasses.Count];
        for (var i = 0; i < _pagesByClass.Length; i++)
            _pagesByClass[i] = [];
        _current = new OldSpacePage?[SizeClasses.Count];
    }

    /// <summary>The card table over the old region (written by the write barrier).</summary>
    public static CardTable Cards => OldRegion.Cards;

    /// <summary>Whether <paramref name="p"/> is in a page or large object of this space (allocated or not).</summary>
    public bool InRange(nint p) => OldRegion.PageAt(p) switch
    {
        OldSpacePage page => page.Space == this,
        LargeObject large => large.Space == this,
        _ => false,
    };

    /// <summary>Bytes in cells and large objects currently allocated (including dead ones not swept yet).</summary>
    public long AllocatedBytes { get; private set; }

    /// <summary>Bytes freed by sweeping so far (eager and lazy), large objects included.</summary>
    public long FreedBytes { get; private set; }

    private void Freed(long bytes)
    {
        AllocatedBytes -= bytes;
        FreedBytes += bytes;
    }

    /// <summary>Bytes of pages and large objects taken from the region.</summary>
    public long ReservedBytes { get; private set; }

    public int PageCount => _pageByStart.Count;

    // Pages nothing survived on, kept committed for the next ones this space needs (see TrimRetainedPages).
    private readonly Stack<nint> _retained = new();

    /// <summary>Bytes of emptied pages kept committed for reuse.</summary>
    public long RetainedBytes => (long)_retained.Count * OldSpacePage.Size;

    /// <summary>
    /// After a full collection: keeps at most <paramref name="bytes"/> of emptied pages committed (the growth
    /// expected before the next full collection, so keeping them does not raise the peak) and gives the rest
    /// back to the system. Reusing a kept page costs no system call and no page faults.
    /// </summary>
    public void TrimRetainedPages(long bytes)
    {
        lock (_lock)
        {
            while (_retained.Count > 0 && RetainedBytes > bytes)
            {
                OldRegion.ReturnPages(_retained.Pop(), 1);
                ReservedBytes -= OldSpacePage.Size;
            }
        }
    }

    public int LargeObjectCount => _large.Count;

    /// <summary>A zeroed cell of at least <paramref name="bytes"/> bytes.</summary>
    public nint Allocate(long bytes) => Allocate(bytes, zeroed: true);

    /// <summary>A cell of at least <paramref name="bytes"/> bytes; unless <paramref name="zeroed"/>, its bytes are stale (the collector copies a block over them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public nint Allocate(long bytes, bool zeroed)
    {
        lock (_lock)
            return AllocateUnlocked(bytes, zeroed);
    }

    /// <summary>
    /// A cell with stale bytes for a block the collector promotes: the program is stopped at a safepoint
    /// and the collector is the only one allocating, so no lock is taken.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal nint AllocateForPromotion(long bytes) => AllocateUnlocked(bytes, zeroed: false);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private nint AllocateUnlocked(long bytes, bool zeroed)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sizeClass = SizeClasses.ClassFor(bytes);
        nint cell;
        if (sizeClass < 0)
        {
            cell = AllocateLarge(bytes);
        }
        else
        {
            var page = _current[sizeClass];
            cell = page?.Allocate(zeroed) ?? 0;
            if (cell == 0)
            {
                page = FindPageWithRoom(sizeClass);
                _current[sizeClass] = page;
                cell = page.Allocate(zeroed);
            }
            AllocatedBytes += page!.CellSize;
        }
        Marker?.MarkAllocated(cell);
        return cell;
    }

    /// <summary>
    /// The marker of an incremental marking under way, or null: blocks allocated meanwhile are marked at once
    /// (allocation black), since the sweep that ends the marking frees every unmarked block.
    /// </summary>
    internal HeapMarker? Marker { get; set; }

    /// <summary>Forgets every mark (an incremental marking abandoned for a full collection).</summary>
    public void ClearMarks()
    {
        lock (_lock)
        {
            foreach (var page in _pageByStart.Values)
                page.ClearMarks();
            foreach (var large in _large.Values)
                large.Marked = false;
        }
    }

    /// <summary>The start of the live cell or large object containing <paramref name="p"/>, or 0 when none does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public nint BlockContaining(nint p)
    {
        switch (OldRegion.PageAt(p))
        {
            case OldSpacePage page when page.Space == this:
                var cell = page.CellOf(p);
                return cell != 0 && page.IsLive(cell) ? cell : 0;
            case LargeObject large when large.Space == this:
                return p < large.Start + (nint)large.Size ? large.Start : 0;
            default:
                return 0;
        }
    }

    /// <summary>Marks the block starting at <paramref name="block"/>; true when it was not marked yet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Mark(nint block)
    {
        switch (OldRegion.PageAt(block))
        {
            case OldSpacePage page:
                return page.Mark(block);
            case LargeObject large when !large.Marked:
                large.Marked = true;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Bytes a block (cell start or large object) takes.</summary>
    public static long BlockSize(nint block) => OldRegion.PageAt(block) switch
    {
        OldSpacePage page => page.CellSize,
        LargeObject large => large.Size,
        _ => 0,
    };

    public static bool IsMarked(nint block) => OldRegion.PageAt(block) switch
    {
        OldSpacePage page => page.IsMarked(block),
        LargeObject large => large.Marked,
        _ => false,
    };

    /// <summary>Calls <paramref name="visit"/> with the start of every live cell and large object.</summary>
    public void ForEachBlock(Action<nint> visit)
    {
        List<OldSpacePage> pages;
        List<nint> large;
        lock (_lock)
        {
            pages = [.. _pageByStart.Values.OrderBy(p => p.Start)];
            large = [.. _large.Keys];
        }
        foreach (var page in pages)
            page.ForEachLiveCell(visit);
        foreach (var l in large)
            visit(l);
    }

    /// <summary>
    /// Takes the dirty cards of this space's pages: calls <paramref name="visit"/> with each live block
    /// that overlaps a dirty card and the part [from, to) of it the card covers. Cards are cleared first;
    /// the visitor dirties them again when the block still points to young blocks.
    /// </summary>
    public void TakeDirtyCards(Action<nint, nint, nint> visit)
    {
        var adapter = new DelegateCardVisitor(visit);
        TakeDirtyCards(ref adapter);
    }

    private readonly struct DelegateCardVisitor(Action<nint, nint, nint> visit) : IDirtyCardVisitor
    {
        public void Visit(nint cell, nint from, nint to) => visit(cell, from, to);
    }

    /// <summary>The same walk for the collector: no delegate per card, the card bytes read directly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void TakeDirtyCards<TVisitor>(ref TVisitor visitor) where TVisitor : struct, IDirtyCardVisitor
    {
        // Copied under the lock, plainly (no LINQ: its generic code would be compiled in the first collection's pause).
        OldSpacePage[] pages;
        LargeObject[] large;
        lock (_lock)
        {
            pages = new OldSpacePage[_pageByStart.Count];
            _pageByStart.Values.CopyTo(pages, 0);
            large = new LargeObject[_large.Count];
            _large.Values.CopyTo(large, 0);
        }
        var cards = OldRegion.Cards;
        const int cardsPerPage = OldSpacePage.Size / CardTable.CardSize;
        foreach (var page in pages)
        {
            if (!cards.AnyDirty(page.Start, page.Start + OldSpacePage.Size))
                continue;
            var table = cards.CardAddress(page.Start);
            for (var c = 0; c < cardsPerPage; c++)
            {
                if (table[c] == 0)
                    continue;
                table[c] = 0;
                var card = page.Start + (nint)c * CardTable.CardSize;
                var cardEnd = card + CardTable.CardSize;
                var cellSize = page.CellSize;
                for (var i = page.IndexAt(card); i < page.CellCount; i++)
                {
                    var cell = page.Start + (nint)i * cellSize;
                    if (cell >= cardEnd)
                        break;
                    if (page.IsLiveIndex(i))
                        visitor.Visit(cell, Math.Max(cell, card), Math.Min(cell + cellSize, cardEnd));
                }
            }
        }
        foreach (var l in large)
        {
            var (start, size) = (l.Start, l.Size);
            if (!cards.AnyDirty(start, start + (nint)size))
                continue;
            var table = cards.CardAddress(start);
            var count = size / CardTable.CardSize;
            for (long c = 0; c < count; c++)
            {
                if (table[c] == 0)
                    continue;
                table[c] = 0;
                var card = start + (nint)(c * CardTable.CardSize);
                visitor.Visit(start, card, card + CardTable.CardSize);
            }
        }
    }

    /// <summary>
    /// Ends a collection: frees unmarked large objects now and either sweeps every page or leaves the
    /// pages to be swept lazily by allocation. Returns the bytes freed so far.
    /// </summary>
    public long Sweep(bool lazy)
    {
        lock (_lock)
        {
            long freed = 0;
            foreach (var large in _large.Values.ToList())
            {
                if (large.Marked)
                {
                    large.Marked = false;
                    continue;
                }
                FreeLarge(large);
                freed += large.Size;
            }
            foreach (var page in _pageByStart.Values.ToList())
            {
                if (!page.HasMarks)
                {
                    // Nothing on the page survived: kept for reuse or given back (TrimRetainedPages).
                    freed += (long)(page.CellCount - page.FreeCells) * page.CellSize;
                    ReleasePage(page, retain: true);
                }
                else if (lazy)
                {
                    page.Swept = false;
                }
                else
                {
                    freed += page.Sweep();
                }
            }
            Freed(freed);
            if (lazy)
                Array.Clear(_current);
            return freed;
        }
    }

    /// <summary>Sweeps every page not swept yet (before a new mark phase, or to measure the heap).</summary>
    public long FinishSweeping()
    {
        lock (_lock)
        {
            long freed = 0;
            foreach (var page in _pageByStart.Values)
                if (!page.Swept)
                    freed += page.Sweep();
            Freed(freed);
            return freed;
        }
    }

    /// <summary>Gives empty pages back to the region (after a full sweep); returns how many.</summary>
    public int ReleaseEmptyPages()
    {
        lock (_lock)
        {
            var released = 0;
            foreach (var list in _pagesByClass)
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    var page = list[i];
                    if (!page.Swept || page.FreeCells != page.CellCount)
                        continue;
                    ReleasePage(page);
                    released++;
                }
            }
            return released;
        }
    }

    private void ReleasePage(OldSpacePage page, bool retain = false)
    {
        _pagesByClass[page.SizeClass].Remove(page);
        _pageByStart.Remove(page.Start);
        if (_current[page.SizeClass] == page)
            _current[page.SizeClass] = null;
        if (retain)
        {
            OldRegion.DetachPage(page.Start);
            _retained.Push(page.Start);
            return;
        }
        OldRegion.ReturnPages(page.Start, 1);
        ReservedBytes -= OldSpacePage.Size;
    }

    private OldSpacePage FindPageWithRoom(int sizeClass)
    {
        foreach (var page in _pagesByClass[sizeClass])
        {
            if (!page.Swept)
                Freed(page.Sweep());
            if (page.FreeCells > 0)
                return page;
        }
        // A kept page needs no zeroing: the page threads its free list through every cell and clears cells it hands out.
        var reused = _retained.Count > 0;
        var start = reused ? _retained.Pop() : OldRegion.TakePages(1);
        var fresh = new OldSpacePage(start, sizeClass, this);
        OldRegion.SetPages(start, 1, fresh);
        _pagesByClass[sizeClass].Add(fresh);
        _pageByStart[start] = fresh;
        if (!reused)
            ReservedBytes += OldSpacePage.Size;
        return fresh;
    }

    // Large objects take whole pages of the region (so barriers and cards cover them too).
    private nint AllocateLarge(long bytes)
    {
        var pages = (int)((bytes + OldSpacePage.Size - 1) / OldSpacePage.Size);
        var size = (long)pages * OldSpacePage.Size;
        var p = OldRegion.TakePages(pages);
        var large = new LargeObject(p, size, this);
        _large.Add(p, large);
        OldRegion.SetPages(p, pages, large);
        AllocatedBytes += size;
        ReservedBytes += size;
        return p;
    }

    private void FreeLarge(LargeObject large)
    {
        _large.Remove(large.Start);
        OldRegion.ReturnPages(large.Start, (int)(large.Size / OldSpacePage.Size));
        ReservedBytes -= large.Size;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (var page in _pageByStart.Values)
                OldRegion.ReturnPages(page.Start, 1);
            while (_retained.Count > 0)
                OldRegion.ReturnPages(_retained.Pop(), 1);
            foreach (var large in _large.Values.ToList())
                FreeLarge(large);
            _pageByStart.Clear();
        }
    }
}

/// <summary>A block of the large-object space: whole pages of the old region, with its mark.</summary>
internal sealed class LargeObject(nint start, long size, OldSpace space)
{
    public nint Start { get; } = start;
    public long Size { get; } = size;
    public OldSpace Space { get; } = space;
    public bool Marked { get; set; }
}

/// <summary>Receives an old block under a dirty card and the part [from, to) of it the card covers.</summary>
public interface IDirtyCardVisitor
{
    void Visit(nint cell, nint from, nint to);
}
