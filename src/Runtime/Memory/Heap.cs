using System.Runtime.InteropServices;

namespace Vm.Runtime.Memory;

/// <summary>What an allocation holds, for the collector: whether it may contain references.</summary>
public enum AllocKind : byte
{
    /// <summary>An object whose type descriptor says where its references are.</summary>
    Object = 0,
    /// <summary>Raw bytes without references (hl.Bytes buffers, strings' characters).</summary>
    NoPointers = 1,
    /// <summary>An array of references only (native arrays of objects, closures' bound values...).</summary>
    AllPointers = 2,
}

/// <summary>
/// The managed heap's allocation entry point. Every block has one header word before it
/// (size and kind, for the collector), never visible to HL code; blocks are 8-byte aligned and zeroed.
/// Collection arrives with the garbage collector; until then memory grows in chunks.
/// </summary>
public sealed unsafe class Heap : IDisposable
{
    public const int HeaderSize = 8;
    private const int ChunkSize = 4 << 20;
    private const int LargeObjectSize = 256 << 10;

    private readonly List<nint> _chunks = [];
    private readonly Lock _lock = new();
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

    /// <summary>Allocates <paramref name="size"/> zeroed bytes; returns the address after the header.</summary>
    public nint Allocate(long size, AllocKind kind)
    {
        if (size < 0 || size > int.MaxValue)
            throw new OutOfMemoryException($"allocation of {size} bytes is out of range");
        var total = (HeaderSize + size + 7) & ~7L;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            byte* block;
            if (total >= LargeObjectSize)
            {
                block = (byte*)NativeMemory.AlignedAlloc((nuint)total, 16);
                NativeMemory.Clear(block, (nuint)total);
                _chunks.Add((nint)block);
                _ranges.Add((nint)block, total);
                BytesReserved += total;
            }
            else
            {
                if (_cursor + total > _limit)
                    NewChunk();
                block = _cursor;
                _cursor += total;
            }
            *(ulong*)block = (ulong)size | ((ulong)kind << 56);
            BytesAllocated += total;
            AllocationCount++;
            return (nint)(block + HeaderSize);
        }
    }

    /// <summary>Whether <paramref name="p"/> points into memory this heap handed out (a block or inside one).</summary>
    public bool Contains(nint p)
    {
        lock (_lock)
        {
            return _ranges.Contains(p);
        }
    }

    private readonly AddressRanges _ranges = new();

    /// <summary>The size a block was allocated with.</summary>
    public static long SizeOf(nint block) => (long)(*(ulong*)(block - HeaderSize) & 0x00FF_FFFF_FFFF_FFFF);

    private void NewChunk()
    {
        var chunk = (byte*)NativeMemory.AlignedAlloc(ChunkSize, 16);
        NativeMemory.Clear(chunk, ChunkSize);
        _chunks.Add((nint)chunk);
        _ranges.Add((nint)chunk, ChunkSize);
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
            foreach (var c in _chunks)
                NativeMemory.AlignedFree((void*)c);
            _chunks.Clear();
        }
    }
}
