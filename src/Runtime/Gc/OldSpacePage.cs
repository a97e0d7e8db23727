using System.Runtime.CompilerServices;
using System.Numerics;

namespace Vm.Runtime.Gc;

/// <summary>
/// One page of the old generation: equal cells of one size class, with an allocation bitmap, a mark
/// bitmap and a free list threaded through the first word of free cells. Never moves its cells.
/// </summary>
internal sealed unsafe class OldSpacePage
{
    public const int Size = 256 * 1024;

    private readonly ulong[] _allocated;
    private readonly ulong[] _marked;
    private nint _freeList;

    public OldSpacePage(nint start, int sizeClass, OldSpace space)
    {
        Space = space;
        Start = start;
        SizeClass = sizeClass;
        CellSize = SizeClasses.CellSize(sizeClass);
        CellCount = Size / CellSize;
        _reciprocal = ((1UL << 40) + (ulong)CellSize - 1) / (ulong)CellSize;
        _allocated = new ulong[(CellCount + 63) / 64];
        _marked = new ulong[(CellCount + 63) / 64];
        // Thread every cell onto the free list, lowest address first.
        for (var i = CellCount - 1; i >= 0; i--)
        {
            var cell = Start + (nint)i * CellSize;
            *(nint*)cell = _freeList;
            _freeList = cell;
        }
        FreeCells = CellCount;
    }

    /// <summary>The old generation this page belongs to.</summary>
    public OldSpace Space { get; }

    public nint Start { get; }
    public int SizeClass { get; }
    public int CellSize { get; }
    public int CellCount { get; }
    public int FreeCells { get; private set; }

    /// <summary>Whether the sweeper has processed this page since the last mark.</summary>
    public bool Swept { get; set; } = true;

    public bool Contains(nint p) => p >= Start && p < Start + Size;

    /// <summary>A cell (zeroed unless told otherwise), or 0 when the page is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public nint Allocate(bool zeroed = true)
    {
        var cell = _freeList;
        if (cell == 0)
            return 0;
        _freeList = *(nint*)cell;
        if (zeroed)
            new Span<byte>((void*)cell, CellSize).Clear();
        var i = Index(cell);
        _allocated[i >> 6] |= 1UL << (i & 63);
        FreeCells--;
        return cell;
    }

    /// <summary>The start of the allocated cell containing <paramref name="p"/>, or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public nint CellOf(nint p)
    {
        var i = Index(p);
        if (i >= CellCount || (_allocated[i >> 6] & (1UL << (i & 63))) == 0)
            return 0;
        return Start + (nint)i * CellSize;
    }

    /// <summary>Marks the cell at <paramref name="cell"/>; true when it was not marked yet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Mark(nint cell)
    {
        var i = Index(cell);
        var bit = 1UL << (i & 63);
        if ((_marked[i >> 6] & bit) != 0)
            return false;
        _marked[i >> 6] |= bit;
        return true;
    }

    public bool IsMarked(nint cell)
    {
        var i = Index(cell);
        return (_marked[i >> 6] & (1UL << (i & 63))) != 0;
    }

    /// <summary>Frees allocated cells that are not marked and clears the marks; returns the bytes freed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Sweep()
    {
        long freed = 0;
        for (var w = 0; w < _allocated.Length; w++)
        {
            var dead = _allocated[w] & ~_marked[w];
            while (dead != 0)
            {
                var bit = BitOperations.TrailingZeroCount(dead);
                dead &= dead - 1;
                var i = (w << 6) + bit;
                var cell = Start + (nint)i * CellSize;
                *(nint*)cell = _freeList;
                _freeList = cell;
                FreeCells++;
                freed += CellSize;
            }
            _allocated[w] &= _marked[w];
            _marked[w] = 0;
        }
        Swept = true;
        return freed;
    }

    public void ClearMarks() => Array.Clear(_marked);

    /// <summary>Whether the last marking reached any cell of this page.</summary>
    public bool HasMarks => Array.Exists(_marked, w => w != 0);

    /// <summary>Index of the cell slot containing <paramref name="p"/>.</summary>
    public int IndexAt(nint p) => Index(p);

    /// <summary>Whether cell <paramref name="i"/> holds a block (allocated, and not garbage waiting for the lazy sweep).</summary>
    public bool IsLiveIndex(int i)
    {
        var bit = 1UL << (i & 63);
        return (_allocated[i >> 6] & bit) != 0 && (Swept || (_marked[i >> 6] & bit) != 0);
    }

    /// <summary>Whether the cell at <paramref name="cell"/> holds a block (allocated, and not garbage waiting for the lazy sweep).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsLive(nint cell) => IsAllocatedCell(cell) && (Swept || IsMarked(cell));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsAllocatedCell(nint cell)
    {
        var i = Index(cell);
        return i < CellCount && (_allocated[i >> 6] & (1UL << (i & 63))) != 0;
    }

    /// <summary>Start of the cell slot containing <paramref name="p"/> (allocated or not), or 0 past the last cell.</summary>
    public nint CellStartAt(nint p)
    {
        var i = Index(p);
        return i < CellCount ? Start + (nint)i * CellSize : 0;
    }

    /// <summary>The cell slot after <paramref name="cell"/>, or 0 at the end of the page.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public nint NextCellStart(nint cell)
    {
        var next = cell + CellSize;
        return Index(next) < CellCount ? next : 0;
    }

    /// <summary>Calls <paramref name="visit"/> with every live cell, in address order.</summary>
    public void ForEachLiveCell(Action<nint> visit)
    {
        for (var w = 0; w < _allocated.Length; w++)
        {
            var live = Swept ? _allocated[w] : _allocated[w] & _marked[w];
            while (live != 0)
            {
                var bit = BitOperations.TrailingZeroCount(live);
                live &= live - 1;
                visit(Start + (nint)((w << 6) + bit) * CellSize);
            }
        }
    }

    // Offsets in a page are below 2^18 and cells at most 2^15 bytes: multiplying by ceil(2^40 / size) and
    // shifting is an exact division (the error stays below 2^-22, less than 1 / size).
    private readonly ulong _reciprocal;

    private int Index(nint p) => (int)(((ulong)(p - Start) * _reciprocal) >> 40);

    /// <summary>
    /// Marks the allocated cell containing <paramref name="p"/>; returns its start, or 0 when the address
    /// is in a free cell or the cell was marked already (one lookup for the marker's hot path).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public nint TryMarkContaining(nint p)
    {
        var i = Index(p);
        if (i >= CellCount)
            return 0;
        var bit = 1UL << (i & 63);
        ref var marked = ref _marked[i >> 6];
        if ((_allocated[i >> 6] & bit) == 0 || (marked & bit) != 0)
            return 0;
        marked |= bit;
        return Start + (nint)i * CellSize;
    }
}
