using System.Runtime.InteropServices;

namespace Vm.Runtime.Memory;

/// <summary>
/// The managed heap's allocation entry point. Every block has one <see cref="BlockHeader"/> word before it
/// (size, layout tag, type id, collector flags), never visible to HL code; blocks are 8-byte aligned and
/// zeroed. Small blocks are bumped from 4 MB chunks; blocks of 256 KB and more get memory of their own.
/// Every block can be found again: <see cref="ForEachBlock"/> walks them through their headers and
/// <see cref="FindBlockStart"/> maps an interior address to its block. Collection arrives with the garbage
/// collector; until then memory grows in chunks.
/// </summary>
public sealed unsafe class Heap : IDisposable
{
    public const int HeaderSize = BlockHeader.Size;
    public const int ChunkSize = 4 << 20;
    public const int LargeObjectSize = 256 << 10;

    /// <summary>FindBlockStart's per-chunk index: the block covering the start of each 512-byte granule.</summary>
    private const int GranuleShift = 9;

    /// <summary>A chunk (bump-allocated blocks) or the memory of one large block.</summary>
    private sealed class Segment(nint start, long size, bool isLarge)
    {
        public readonly nint Start = start;
        public readonly long Size = size;
        public readonly bool IsLarge = isLarge;

        /// <summary>Bytes of the segment holding blocks (the whole of a large block's memory).</summary>
        public long Used = isLarge ? size : 0;

        /// <summary>Offset of the header of the block covering each granule's first byte (chunks, built on demand).</summary>
        public int[]? Index;

        /// <summary>Offset of the first block the index does not cover yet.</summary>
        public long IndexedUpTo;
    }

    private readonly List<Segment> _segments = [];
    private Segment[] _sorted = [];
    private bool _sortedDirty;
    private readonly Lock _lock = new();
    private Segment? _current;
    private byte* _cursor;
    private byte* _limit;
    private bool _disposed;

    /// <summary>Total bytes handed out (headers included).</summary>
    public long BytesAllocated { get; private set; }

    /// <summary>Bytes reserved from the operating system.</summary>
    public long BytesReserved { get; private set; }

    /// <summary>Number of allocations made.</summary>
    public long AllocationCount { get; private set; }

    /// <summary>hl.Gc flags (HashLink's GcFlag bits), kept for programs that read them back.</summary>
    public int Flags { get; set; }

    /// <summary>Whether the collector may run (hl.Gc.enable).</summary>
    public bool CollectionEnabled { get; set; } = true;

    /// <summary>Whether a full collection was requested (hl.Gc.major) and not yet done.</summary>
    public bool FullCollectionRequested { get; private set; }

    public void RequestFullCollection() => FullCollectionRequested = true;

    /// <summary>
    /// Allocates <paramref name="size"/> zeroed bytes described by <paramref name="layout"/>; returns the
    /// address after the header. Typed layouts (<see cref="BlockLayout.Instance"/>, <see cref="BlockLayout.Virtual"/>,
    /// <see cref="BlockLayout.Enum"/>) take the RuntimeType id of the value; the others take none.
    /// </summary>
    public nint Allocate(long size, BlockLayout layout, int typeId = 0)
    {
        if (size < 0 || size > int.MaxValue)
            throw new OutOfMemoryException($"allocation of {size} bytes is out of range");
        var header = BlockHeader.Make(size, layout, typeId);
        var total = (HeaderSize + size + 7) & ~7L;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            byte* block;
            if (total >= LargeObjectSize)
            {
                block = (byte*)NativeMemory.AlignedAlloc((nuint)total, 16);
                NativeMemory.Clear(block, (nuint)total);
                AddSegment(new Segment((nint)block, total, isLarge: true));
                BytesReserved += total;
            }
            else
            {
                if (_cursor + total > _limit)
                    NewChunk();
                block = _cursor;
                _cursor += total;
                _current!.Used += total;
            }
            *(ulong*)block = header;
            BytesAllocated += total;
            AllocationCount++;
            return (nint)(block + HeaderSize);
        }
    }

    /// <summary>Whether <paramref name="p"/> points into memory this heap reserved (a block, inside one, or a chunk's free tail).</summary>
    public bool Contains(nint p)
    {
        lock (_lock)
        {
            return FindSegment(p) is not null;
        }
    }

    /// <summary>The size a block was allocated with.</summary>
    public static long SizeOf(nint block) => BlockHeader.SizeOf(block);

    /// <summary>The layout tag of a block.</summary>
    public static BlockLayout LayoutOf(nint block) => BlockHeader.LayoutOf(block);

    /// <summary>The RuntimeType id in a block's header (0 for untyped layouts).</summary>
    public static int TypeIdOf(nint block) => BlockHeader.TypeIdOf(block);

    /// <summary>
    /// Calls <paramref name="visit"/> with every block allocated so far (payload addresses), segment by
    /// segment in the order they were reserved, and in allocation order inside a chunk. The walk covers the
    /// blocks that existed when it started: blocks allocated meanwhile (by the callback, or another thread) are not visited.
    /// </summary>
    public void ForEachBlock(Action<nint> visit)
    {
        (nint Start, long Used)[] segments;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            segments = [.. _segments.Select(s => (s.Start, s.Used))];
        }
        foreach (var (start, used) in segments)
        {
            for (long offset = 0; offset < used;)
            {
                var header = *(ulong*)(start + (nint)offset);
                var footprint = BlockHeader.Footprint(header);
                if (offset + footprint > used)
                    throw new InvalidOperationException($"heap corrupted: block header at 0x{start + (nint)offset:x} ({BlockHeader.Describe(header)}) runs past its segment");
                visit(start + (nint)offset + HeaderSize);
                offset += footprint;
            }
        }
    }

    /// <summary>
    /// The block containing <paramref name="address"/> (its payload address), or 0 when the address is not
    /// inside a block's payload (outside the heap, on a header, in alignment padding or a chunk's free tail).
    /// The start of a zero-sized block counts as inside it. Chunks are indexed on first use, then the search
    /// walks at most one 512-byte granule of headers.
    /// </summary>
    public nint FindBlockStart(nint address)
    {
        lock (_lock)
        {
            var segment = FindSegment(address);
            if (segment is null)
                return 0;
            // The candidate is the last block whose payload starts at or before the address, i.e. whose
            // header starts at or before address - 8: the block whose footprint holds that byte. (Searching
            // with the address itself would miss zero-sized blocks, whose payload address is the next header.)
            var offset = (long)(address - segment.Start) - HeaderSize;
            if (offset < 0 || offset >= segment.Used)
                return 0;
            long blockOffset;
            if (segment.IsLarge)
            {
                blockOffset = 0;
            }
            else
            {
                EnsureIndex(segment);
                blockOffset = segment.Index![offset >> GranuleShift];
                while (true)
                {
                    var footprint = BlockHeader.Footprint(*(ulong*)(segment.Start + (nint)blockOffset));
                    if (offset < blockOffset + footprint)
                        break;
                    blockOffset += footprint;
                }
            }
            var payload = segment.Start + (nint)blockOffset + HeaderSize;
            var size = BlockHeader.SizeOf(payload);
            return address == payload || (address > payload && address < payload + (nint)size) ? payload : 0;
        }
    }

    // Extends the granule index of a chunk over the blocks allocated since it was last used.
    private static void EnsureIndex(Segment chunk)
    {
        chunk.Index ??= new int[(chunk.Size + (1 << GranuleShift) - 1) >> GranuleShift];
        var offset = chunk.IndexedUpTo;
        while (offset < chunk.Used)
        {
            var footprint = BlockHeader.Footprint(*(ulong*)(chunk.Start + (nint)offset));
            var first = (offset + (1 << GranuleShift) - 1) >> GranuleShift;
            var last = (offset + footprint - 1) >> GranuleShift;
            for (var g = first; g <= last; g++)
                chunk.Index[g] = (int)offset;
            offset += footprint;
        }
        chunk.IndexedUpTo = offset;
    }

    private Segment? FindSegment(nint p)
    {
        if (_sortedDirty)
        {
            _sorted = [.. _segments.OrderBy(s => s.Start)];
            _sortedDirty = false;
        }
        int lo = 0, hi = _sorted.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var s = _sorted[mid];
            if (p < s.Start)
                hi = mid - 1;
            else if (p >= s.Start + (nint)s.Size)
                lo = mid + 1;
            else
                return s;
        }
        return null;
    }

    private void AddSegment(Segment segment)
    {
        _segments.Add(segment);
        _sortedDirty = true;
    }

    /// <summary>
    /// Hands out a zeroed region of <paramref name="size"/> bytes for a thread's inline allocation (JIT
    /// code bumps a cursor through it). The part left unused must be given back with
    /// <see cref="RetireBuffer"/> before the heap is walked.
    /// </summary>
    public (nint Start, nint End) TakeBuffer(long size)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_cursor + size > _limit)
                NewChunk();
            var start = _cursor;
            _cursor += size;
            _current!.Used += size;
            BytesAllocated += size;
            return ((nint)start, (nint)_cursor);
        }
    }

    /// <summary>Turns the unused end [cursor, end) of an allocation buffer into a filler block (no references) so heap walks stay exact.</summary>
    public static void RetireBuffer(nint cursor, nint end)
    {
        if (cursor == 0 || end - cursor < BlockHeader.Size)
            return;
        *(ulong*)cursor = BlockHeader.Make(end - cursor - BlockHeader.Size, Memory.BlockLayout.NoPointers, 0);
    }

    private void NewChunk()
    {
        var chunk = (byte*)NativeMemory.AlignedAlloc(ChunkSize, 16);
        NativeMemory.Clear(chunk, ChunkSize);
        _current = new Segment((nint)chunk, ChunkSize, isLarge: false);
        AddSegment(_current);
        BytesReserved += ChunkSize;
        _cursor = chunk;
        _limit = chunk + ChunkSize;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (var s in _segments)
                NativeMemory.AlignedFree((void*)s.Start);
            _segments.Clear();
            _sorted = [];
            _current = null;
            _cursor = _limit = null;
        }
    }
}
