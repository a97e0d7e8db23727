using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Gc;

/// <summary>
/// The young generation of one runtime, in one reserved range: two survivor spaces followed by the eden.
/// Threads take 64 KB chunks of the eden and bump-allocate in them (JIT code inline); a minor collection
/// copies the live blocks of the eden and of the current survivor space into the other survivor space
/// (or promotes them) and the eden starts over. The eden may grow past its nominal size when a
/// collection has to wait (a native with HL callbacks on the stack), up to its reserve.
/// Every chunk starts with a block and no block crosses a chunk boundary, so the block containing an
/// interior address is found by walking at most one chunk (indexed per 256-byte granule on first use).
/// </summary>
public sealed unsafe class YoungGeneration : IDisposable
{
    public const int ChunkShift = 16;
    public const int ChunkSize = 1 << ChunkShift;

    /// <summary>Largest block (footprint) allocated young (short-lived arrays of a few thousand elements stay young); larger blocks are born in the old generation. A promoted block always fits a size class.</summary>
    public const int MaxBlockFootprint = SizeClasses.MaxCellSize;

    private const int GranuleShift = 8;
    private const int GranulesPerChunk = ChunkSize >> GranuleShift;

    private readonly ReservedRegion _region;
    private readonly nint _start;
    private readonly long _survivorSize;
    private readonly nint _edenStart, _edenNominalEnd, _edenEnd;
    private nint _edenTop;
    private readonly nint[] _survivorStart = new nint[2];
    private readonly nint[] _survivorTop = new nint[2];
    private int _from;
    private ushort[]?[] _index;
    private readonly List<long> _indexed = [];

    /// <summary>Copy cursor and chunk end in the to-space during a collection.</summary>
    private nint _copyCursor, _copyChunkEnd;

    public YoungGeneration(long nurserySize, long survivorSize, long edenReserve = 512L << 20)
    {
        nurserySize = Align(nurserySize);
        _survivorSize = Align(survivorSize);
        var edenSize = Math.Max(nurserySize, Align(edenReserve));
        var total = 2 * _survivorSize + edenSize;
        _region = new ReservedRegion(total + ChunkSize);
        _region.Commit(_region.Start, _region.Size);
        _start = (_region.Start + ChunkSize - 1) & ~(nint)(ChunkSize - 1);
        _survivorStart[0] = _survivorTop[0] = _start;
        _survivorStart[1] = _survivorTop[1] = _start + (nint)_survivorSize;
        _edenStart = _edenTop = _start + (nint)(2 * _survivorSize);
        _edenNominalEnd = _edenStart + (nint)nurserySize;
        _edenEnd = _edenStart + (nint)edenSize;
        _index = new ushort[(total >> ChunkShift)][];
        NurserySize = nurserySize;
    }

    public long NurserySize { get; }

    /// <summary>Chunk indexes built so far (diagnostics).</summary>
    public long IndexBuilds { get; private set; }

    /// <summary>Start and end of the whole young range (the barrier-free test "is this young?").</summary>
    public nint RangeStart => _start;

    public nint RangeEnd => _edenEnd;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InRange(nint p) => (ulong)(p - _start) < (ulong)(_edenEnd - _start);

    /// <summary>Bytes of eden handed out since the last collection.</summary>
    public long EdenUsed => _edenTop - _edenStart;

    /// <summary>Bytes in the current survivor space.</summary>
    public long SurvivorUsed => _survivorTop[_from] - _survivorStart[_from];

    /// <summary>Whether the eden has reached its nominal size (time for a minor collection).</summary>
    public bool Full => _edenTop >= _edenNominalEnd;

    /// <summary>A zeroed chunk of the eden, or 0 when even the reserve is used up.</summary>
    public nint TakeChunk()
    {
        if (_edenTop >= _edenEnd)
            return 0;
        var chunk = _edenTop;
        _edenTop += ChunkSize;
        NativeMemory.Clear((void*)chunk, ChunkSize);
        return chunk;
    }

    /// <summary>Whether <paramref name="p"/> is in a part of the young range that holds blocks (eden chunks handed out, the survivor space, the to-space while copying).</summary>
    public bool IsInUse(nint p) =>
        (p >= _edenStart && p < _edenTop)
        || (p >= _survivorStart[_from] && p < _survivorTop[_from])
        || (p >= _survivorStart[1 - _from] && p < _survivorTop[1 - _from]);

    /// <summary>The block (payload address) whose payload holds <paramref name="address"/> (or ends at it), or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public nint FindBlock(nint address)
    {
        if (!IsInUse(address - BlockHeader.Size))
            return 0;
        var headerByte = address - BlockHeader.Size;
        var chunk = headerByte & ~(nint)(ChunkSize - 1);
        var index = IndexOf(chunk);
        var offset = (int)(headerByte - chunk);
        // Most references point at the start of their block: one bit says so.
        if ((offset & 7) == 0 && ((index[GranulesPerChunk + (offset >> 7)] >> ((offset >> 3) & 15)) & 1) != 0)
            return address;
        var at = chunk + index[offset >> GranuleShift];
        // The address is in use, so the walk meets its block before the end of the chunk's blocks.
        var end = chunk + ChunkSize;
        while (at < end)
        {
            var header = *(ulong*)at;
            var footprint = header == 0 ? 8 : BlockHeader.Footprint(header);
            if (headerByte < at + footprint)
            {
                if (header == 0 || BlockHeader.Layout(header) == BlockLayout.Free)
                    return 0;
                var payload = at + BlockHeader.Size;
                var size = (nint)BlockHeader.PayloadSize(header);
                // One past the end counts too: hl.Bytes offsets may point at the end of their buffer.
                return address >= payload && address <= payload + size ? payload : 0;
            }
            at += (nint)footprint;
        }
        return 0;
    }

    /// <summary>Calls <paramref name="visit"/> with every block of the survivor space and the eden (payload addresses; free space skipped).</summary>
    public void ForEachBlock(Action<nint> visit)
    {
        WalkSpace(_survivorStart[_from], _survivorTop[_from], visit);
        WalkSpace(_edenStart, _edenTop, visit);
    }

    private static void WalkSpace(nint start, nint end, Action<nint> visit)
    {
        for (var chunk = start; chunk < end; chunk += ChunkSize)
        {
            var chunkEnd = Math.Min(end, chunk + ChunkSize);
            for (var at = chunk; at < chunkEnd;)
            {
                var header = *(ulong*)at;
                if (header == 0)
                {
                    at += 8;
                    continue;
                }
                var footprint = BlockHeader.Footprint(header);
                if (at + footprint > chunkEnd)
                    throw new InvalidOperationException($"heap corrupted: young block header at 0x{at:x} ({BlockHeader.Describe(header)}) runs past its chunk");
                if (BlockHeader.Layout(header) != BlockLayout.Free)
                    visit(at + BlockHeader.Size);
                at += (nint)footprint;
            }
        }
    }

    // ---- collection ----

    /// <summary>Starts a collection: the to-space is empty.</summary>
    public void BeginCollection()
    {
        var to = 1 - _from;
        _survivorTop[to] = _survivorStart[to];
        _copyCursor = _copyChunkEnd = _survivorStart[to];
    }

    /// <summary>The eden and survivor ranges being evacuated by the current collection.</summary>
    public (nint EdenStart, nint EdenTop, nint SurvivorStart, nint SurvivorTop) FromSpaceRanges =>
        (_edenStart, _edenTop, _survivorStart[_from], _survivorTop[_from]);

    /// <summary>Whether <paramref name="p"/> is in the space being evacuated (eden or from-space).</summary>
    public bool InFromSpace(nint p) =>
        (p >= _edenStart && p < _edenTop) || (p >= _survivorStart[_from] && p < _survivorTop[_from]);

    /// <summary>Room for a block of <paramref name="footprint"/> bytes in the to-space (its header address), or 0 when the to-space is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public nint AllocateInToSpace(long footprint)
    {
        if (_copyCursor + (nint)footprint > _copyChunkEnd)
        {
            var to = 1 - _from;
            var next = _copyChunkEnd;
            if (next + ChunkSize > _survivorStart[to] + (nint)_survivorSize)
                return 0;
            SealCopyChunk();
            _copyCursor = next;
            _copyChunkEnd = next + ChunkSize;
        }
        var p = _copyCursor;
        _copyCursor += (nint)footprint;
        _survivorTop[1 - _from] = _copyCursor;
        return p;
    }

    /// <summary>Address up to which the to-space holds copied blocks (the scan of a Cheney collection chases it).</summary>
    public nint ToSpaceTop => _survivorTop[1 - _from];

    public nint ToSpaceStart => _survivorStart[1 - _from];

    // Ends the current to-space chunk with a filler so walks stay exact.
    private void SealCopyChunk()
    {
        var rest = _copyChunkEnd - _copyCursor;
        if (rest >= 16)
            *(ulong*)_copyCursor = BlockHeader.Make(rest - BlockHeader.Size, BlockLayout.Free, 0);
        else if (rest == 8)
            *(ulong*)_copyCursor = 0;
        if (_copyChunkEnd > _survivorTop[1 - _from])
            _survivorTop[1 - _from] = _copyChunkEnd;
    }

    /// <summary>
    /// Ends a collection: the to-space becomes the survivor space, the eden and the old survivor space are
    /// empty. With <paramref name="poison"/>, the freed memory is filled with a pattern so stale references show.
    /// </summary>
    public void EndCollection(bool poison)
    {
        var to = 1 - _from;
        if (_copyChunkEnd > _copyCursor)
            SealCopyChunk();
        else
            _survivorTop[to] = _copyCursor;
        var oldFrom = _from;
        var edenTop = _edenTop;
        if (poison)
        {
            NativeMemory.Fill((void*)_survivorStart[oldFrom], (nuint)(_survivorTop[oldFrom] - _survivorStart[oldFrom]), 0xDB);
            NativeMemory.Fill((void*)_edenStart, (nuint)(edenTop - _edenStart), 0xDB);
        }
        // Memory past the nominal eden was only needed while the collection waited: give it back.
        if (edenTop > _edenNominalEnd)
            _region.Decommit(_edenNominalEnd, edenTop - _edenNominalEnd);
        _survivorTop[oldFrom] = _survivorStart[oldFrom];
        _from = to;
        _edenTop = _edenStart;
        foreach (var c in _indexed)
            _index[c] = null;
        _indexed.Clear();
    }

    // ---- chunk index ----

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ushort[] IndexOf(nint chunk)
    {
        var number = (long)(chunk - _start) >> ChunkShift;
        if (_index[number] is { } built)
            return built;
        IndexBuilds++;
        // Per 256-byte granule, the offset of the block covering its first byte; then a bitmap of the
        // offsets (in words) where a block's header starts.
        var index = new ushort[GranulesPerChunk + ChunkSize / 8 / 16];
        var end = UsedEnd(chunk);
        var at = chunk;
        while (at < end)
        {
            var header = *(ulong*)at;
            var footprint = header == 0 ? 8 : BlockHeader.Footprint(header);
            var offset = at - chunk;
            var first = (offset + (1 << GranuleShift) - 1) >> GranuleShift;
            var last = Math.Min(GranulesPerChunk - 1, (offset + footprint - 1) >> GranuleShift);
            for (var g = first; g <= last; g++)
                index[g] = (ushort)offset;
            if (header != 0 && BlockHeader.Layout(header) != BlockLayout.Free)
                index[GranulesPerChunk + (offset >> 7)] |= (ushort)(1 << (int)((offset >> 3) & 15));
            at += (nint)footprint;
        }
        _index[number] = index;
        _indexed.Add(number);
        return index;
    }

    // Where the blocks of a chunk end: the chunk's end, or the top of its space for the last chunk.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private nint UsedEnd(nint chunk)
    {
        var end = chunk + ChunkSize;
        foreach (var top in (ReadOnlySpan<nint>)[_edenTop, _survivorTop[0], _survivorTop[1]])
            if (top > chunk && top < end)
                end = top;
        return end;
    }

    /// <summary>Forgets the index of a chunk whose blocks changed (the to-space chunk being filled).</summary>
    public void InvalidateIndex(nint chunk)
    {
        var number = (long)(chunk - _start) >> ChunkShift;
        _index[number] = null;
    }

    private static long Align(long size) => (size + ChunkSize - 1) & ~(long)(ChunkSize - 1);

    public void Dispose() => _region.Dispose();
}
