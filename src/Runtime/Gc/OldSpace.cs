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
    private readonly SortedList<nint, long> _large = [];
    private readonly Dictionary<nint, nint> _largeByPage = [];
    private readonly HashSet<nint> _largeMarked = [];
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
    public bool InRange(nint p)
    {
        if (!OldRegion.Contains(p))
            return false;
        var page = p & ~(nint)(OldSpacePage.Size - 1);
        lock (_lock)
        {
            return _pageByStart.ContainsKey(page) || _largeByPage.ContainsKey(page);
        }
    }

    /// <summary>Bytes in cells and large objects currently allocated (including dead ones not swept yet).</summary>
    public long AllocatedBytes { get; private set; }

    /// <summary>Bytes of pages and large objects taken from the region.</summary>
    public long ReservedBytes { get; private set; }

    public int PageCount => _pageByStart.Count;

    public int LargeObjectCount => _large.Count;

    /// <summary>A zeroed cell of at least <paramref name="bytes"/> bytes.</summary>
    public nint Allocate(long bytes)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var sizeClass = SizeClasses.ClassFor(bytes);
            if (sizeClass < 0)
                return AllocateLarge(bytes);
            var page = _current[sizeClass];
            var cell = page?.Allocate() ?? 0;
            if (cell == 0)
            {
                page = FindPageWithRoom(sizeClass);
                _current[sizeClass] = page;
                cell = page.Allocate();
            }
            AllocatedBytes += page!.CellSize;
            return cell;
        }
    }

    /// <summary>The start of the live cell or large object containing <paramref name="p"/>, or 0 when none does.</summary>
    public nint BlockContaining(nint p)
    {
        if (!OldRegion.Contains(p))
            return 0;
        var pageStart = p & ~(nint)(OldSpacePage.Size - 1);
        lock (_lock)
        {
            if (_pageByStart.TryGetValue(pageStart, out var page))
            {
                var cell = page.CellOf(p);
                return cell != 0 && page.IsLive(cell) ? cell : 0;
            }
            if (_largeByPage.TryGetValue(pageStart, out var large))
                return p < large + (nint)_large[large] ? large : 0;
            return 0;
        }
    }

    /// <summary>Marks the block starting at <paramref name="block"/>; true when it was not marked yet.</summary>
    public bool Mark(nint block)
    {
        var pageStart = block & ~(nint)(OldSpacePage.Size - 1);
        if (_pageByStart.TryGetValue(pageStart, out var page))
            return page.Mark(block);
        return _largeMarked.Add(block);
    }

    /// <summary>Bytes a block (cell start or large object) takes.</summary>
    public long BlockSize(nint block)
    {
        var pageStart = block & ~(nint)(OldSpacePage.Size - 1);
        lock (_lock)
            return _pageByStart.TryGetValue(pageStart, out var page) ? page.CellSize : _large.GetValueOrDefault(block);
    }

    public bool IsMarked(nint block)
    {
        var pageStart = block & ~(nint)(OldSpacePage.Size - 1);
        if (_pageByStart.TryGetValue(pageStart, out var page))
            return page.IsMarked(block);
        return _largeMarked.Contains(block);
    }

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
        List<OldSpacePage> pages;
        List<(nint Start, long Size)> large;
        lock (_lock)
        {
            pages = [.. _pageByStart.Values];
            large = [.. _large.Select(p => (p.Key, p.Value))];
        }
        var cards = OldRegion.Cards;
        foreach (var page in pages)
        {
            if (!cards.AnyDirty(page.Start, page.Start + OldSpacePage.Size))
                continue;
            cards.TakeDirty(page.Start, page.Start + OldSpacePage.Size, card =>
            {
                var cardEnd = card + CardTable.CardSize;
                for (var cell = page.CellOf(card) is var c && c != 0 ? c : page.CellStartAt(card); cell < cardEnd && cell != 0; cell = page.NextCellStart(cell))
                    if (page.IsAllocatedCell(cell) && page.IsLive(cell))
                        visit(cell, Math.Max(cell, card), Math.Min(cell + page.CellSize, cardEnd));
            });
        }
        foreach (var (start, size) in large)
        {
            if (!cards.AnyDirty(start, start + (nint)size))
                continue;
            cards.TakeDirty(start, start + (nint)size, card => visit(start, card, card + CardTable.CardSize));
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
            foreach (var (start, size) in _large.ToList())
            {
                if (_largeMarked.Contains(start))
                    continue;
                FreeLarge(start, size);
                freed += size;
            }
            _largeMarked.Clear();
            foreach (var page in _pageByStart.Values)
            {
                if (lazy)
                    page.Swept = false;
                else
                    freed += page.Sweep();
            }
            AllocatedBytes -= freed;
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
            AllocatedBytes -= freed;
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
                    list.RemoveAt(i);
                    _pageByStart.Remove(page.Start);
                    if (_current[page.SizeClass] == page)
                        _current[page.SizeClass] = null;
                    OldRegion.ReturnPages(page.Start, 1);
                    ReservedBytes -= OldSpacePage.Size;
                    released++;
                }
            }
            return released;
        }
    }

    private OldSpacePage FindPageWithRoom(int sizeClass)
    {
        foreach (var page in _pagesByClass[sizeClass])
        {
            if (!page.Swept)
                AllocatedBytes -= page.Sweep();
            if (page.FreeCells > 0)
                return page;
        }
        var start = OldRegion.TakePages(1);
        var fresh = new OldSpacePage(start, sizeClass);
        _pagesByClass[sizeClass].Add(fresh);
        _pageByStart[start] = fresh;
        ReservedBytes += OldSpacePage.Size;
        return fresh;
    }

    // Large objects take whole pages of the region (so barriers and cards cover them too).
    private nint AllocateLarge(long bytes)
    {
        var pages = (int)((bytes + OldSpacePage.Size - 1) / OldSpacePage.Size);
        var size = (long)pages * OldSpacePage.Size;
        var p = OldRegion.TakePages(pages);
        _large.Add(p, size);
        for (var i = 0; i < pages; i++)
            _largeByPage[p + (nint)i * OldSpacePage.Size] = p;
        AllocatedBytes += size;
        ReservedBytes += size;
        return p;
    }

    private void FreeLarge(nint start, long size)
    {
        _large.Remove(start);
        var pages = (int)(size / OldSpacePage.Size);
        for (var i = 0; i < pages; i++)
            _largeByPage.Remove(start + (nint)i * OldSpacePage.Size);
        OldRegion.ReturnPages(start, pages);
        ReservedBytes -= size;
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
            foreach (var (start, size) in _large.ToList())
                FreeLarge(start, size);
            _pageByStart.Clear();
        }
    }
}
