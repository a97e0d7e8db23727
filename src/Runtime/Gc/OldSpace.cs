namespace Vm.Runtime.Gc;

/// <summary>
/// The old generation: non-moving, size-class pages for blocks up to <see cref="SizeClasses.MaxCellSize"/>
/// bytes and a large-object space for the rest. Collected by marking (from the collector) and
/// sweeping; sweeping is lazy — a page is swept when allocation needs it — or all at once.
/// Addresses handed out are cell starts; the caller puts its own header in the cell.
/// </summary>
public sealed unsafe class OldSpace : IDisposable
{
    private readonly List<OldSpacePage>[] _pagesByClass;
    private readonly OldSpacePage?[] _current;
    private readonly Dictionary<nint, OldSpacePage> _pageByStart = [];
    private readonly SortedList<nint, long> _large = [];
    private readonly ReservedRegion _region;
    private readonly Stack<nint> _freePages = [];
    private nint _nextPage;
    private readonly HashSet<nint> _largeMarked = [];
    private readonly Lock _lock = new();

    /// <summary>An old generation in a reserved range of <paramref name="reserve"/> bytes of address space.</summary>
    public OldSpace(long reserve = 16L << 30)
    {
        _region = new ReservedRegion(reserve);
        _nextPage = _region.Start;
        Cards = new CardTable(_region);
        _pagesByClass = new List<OldSpacePage>[SizeClasses.Count];
        for (var i = 0; i < _pagesByClass.Length; i++)
            _pagesByClass[i] = [];
        _current = new OldSpacePage?[SizeClasses.Count];
    }

    /// <summary>The card table over this space (written by the write barrier).</summary>
    public CardTable Cards { get; }

    /// <summary>Whether <paramref name="p"/> is in the old generation's address range.</summary>
    public bool InRange(nint p) => _region.Contains(p);

    /// <summary>Bytes in cells and large objects currently allocated (including dead ones not swept yet).</summary>
    public long AllocatedBytes { get; private set; }

    /// <summary>Bytes of pages and large objects reserved from the operating system.</summary>
    public long ReservedBytes { get; private set; }

    public int PageCount => _pageByStart.Count;

    public int LargeObjectCount => _large.Count;

    /// <summary>A zeroed cell of at least <paramref name="bytes"/> bytes.</summary>
    public nint Allocate(long bytes)
    {
        lock (_lock)
        {
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

    /// <summary>The start of the old-space block containing <paramref name="p"/>, or 0 when none does.</summary>
    public nint BlockContaining(nint p)
    {
        lock (_lock)
        {
            var pageStart = p & ~(nint)(OldSpacePage.Size - 1);
            if (_pageByStart.TryGetValue(pageStart, out var page))
                return page.CellOf(p);
            var keys = _large.Keys;
            int lo = 0, hi = keys.Count - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                var start = keys[mid];
                if (p < start)
                    hi = mid - 1;
                else if (p >= start + _large.Values[mid])
                    lo = mid + 1;
                else
                    return start;
            }
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

    public bool IsMarked(nint block)
    {
        var pageStart = block & ~(nint)(OldSpacePage.Size - 1);
        if (_pageByStart.TryGetValue(pageStart, out var page))
            return page.IsMarked(block);
        return _largeMarked.Contains(block);
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
                _large.Remove(start);
                _region.Decommit(start, size);
                // Decommitted pages read as zeros; single pages are recycled first.
                for (var p = start; p < start + (nint)size; p += OldSpacePage.Size)
                    _freePages.Push(p);
                freed += size;
                ReservedBytes -= size;
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

    private OldSpacePage FindPageWithRoom(int sizeClass)
    {
        foreach (var page in _pagesByClass[sizeClass])
        {
            if (!page.Swept)
                AllocatedBytes -= page.Sweep();
            if (page.FreeCells > 0)
                return page;
        }
        var start = TakePages(1);
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
        var p = TakePages(pages);
        _large.Add(p, size);
        AllocatedBytes += size;
        ReservedBytes += size;
        return p;
    }

    private nint TakePages(int count)
    {
        if (count == 1 && _freePages.TryPop(out var recycled))
        {
            new Span<byte>((void*)recycled, OldSpacePage.Size).Clear();
            return recycled;
        }
        var start = _nextPage;
        var size = (long)count * OldSpacePage.Size;
        if (start + (nint)size > _region.End)
            throw new OutOfMemoryException("the old generation's address space is exhausted");
        _region.Commit(start, size);
        _nextPage += (nint)size;
        return start;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            Cards.Dispose();
            _region.Dispose();
            _pageByStart.Clear();
            _large.Clear();
        }
    }
}
