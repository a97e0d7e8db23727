using System.Runtime.CompilerServices;
using Vm.Runtime.Gc;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Memory;

/// <summary>
/// The managed heap of one runtime: a young generation (bump-allocated 64 KB chunks, evacuated by minor
/// collections) and an old generation (size-class pages and large objects in the process-wide old region,
/// never moved). Every block has one <see cref="BlockHeader"/> word before it (size, layout tag, type id,
/// age, collector flags), never visible to HL code; blocks are 8-byte aligned and zeroed. Blocks up to
/// <see cref="YoungGeneration.MaxBlockFootprint"/> bytes are born young, larger ones old.
/// Allocation never collects: it asks the running thread to stop at its next safepoint when the eden is
/// full, and the collector (<see cref="GarbageCollector"/>) runs there.
/// </summary>
public sealed unsafe class Heap : IDisposable
{
    public const int HeaderSize = BlockHeader.Size;

    private readonly Lock _lock = new();
    // Buffer for allocations made without a VM thread (runtime set-up, tests).
    private nint _sharedCursor, _sharedLimit;
    private bool _disposed;
    private long _edenBytesCollected;

    public Heap(GcOptions? options = null)
    {
        Options = options ?? new GcOptions();
        Options.Validate();
        Young = new YoungGeneration(Options.NurserySize, Options.SurvivorSize);
        Old = new OldSpace();
    }

    public GcOptions Options { get; }

    /// <summary>Actions run when blocks owning outside resources die.</summary>
    public Finalizers Finalizers { get; } = new();

    public YoungGeneration Young { get; }

    public OldSpace Old { get; }

    /// <summary>Bytes handed out so far (headers included; inline allocation is counted by the 64 KB chunk).</summary>
    public long BytesAllocated => _edenBytesCollected + Young.EdenUsed + OldBytesAllocated;

    /// <summary>Bytes allocated directly in the old generation (large blocks, and young overflow).</summary>
    public long OldBytesAllocated { get; private set; }

    /// <summary>Bytes the heap holds from the operating system (nursery and survivors at their nominal size, old pages).</summary>
    public long BytesReserved => Young.NurserySize + 2 * Options.SurvivorSize + Old.ReservedBytes;

    /// <summary>Number of allocations made by the runtime (inline allocations of JIT code are not counted).</summary>
    public long AllocationCount { get; private set; }

    /// <summary>hl.Gc flags (HashLink's GcFlag bits), kept for programs that read them back.</summary>
    public int Flags { get; set; }

    /// <summary>Whether the collector may run (hl.Gc.enable).</summary>
    public bool CollectionEnabled { get; set; } = true;

    /// <summary>Whether a full collection was requested (hl.Gc.major) and not yet done.</summary>
    public bool FullCollectionRequested { get; private set; }

    public void RequestFullCollection()
    {
        FullCollectionRequested = true;
        RequestSafepoint();
    }

    internal void FullCollectionDone() => FullCollectionRequested = false;

    /// <summary>
    /// Allocates <paramref name="size"/> zeroed bytes described by <paramref name="layout"/>; returns the
    /// address after the header. Typed layouts (<see cref="BlockLayout.Instance"/>, <see cref="BlockLayout.Virtual"/>,
    /// <see cref="BlockLayout.Enum"/>) take the RuntimeType id of the value; the others take none.
    /// </summary>
    // Natives allocate through here at every call: fully optimized from the first call, not after tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public nint Allocate(long size, BlockLayout layout, int typeId = 0)
    {
        if (size < 0 || size > int.MaxValue)
            throw new OutOfMemoryException($"allocation of {size} bytes is out of range");
        var header = BlockHeader.Make(size, layout, typeId);
        var footprint = BlockHeader.FootprintOf(size);
        ObjectDisposedException.ThrowIf(_disposed, this);
        nint block = 0;
        if (footprint <= YoungGeneration.MaxBlockFootprint)
        {
            if (VmThread.CurrentOrNull is { } thread && thread.Runtime.Heap == this)
                block = AllocateIn(ref thread.Context->AllocCursor, ref thread.Context->AllocLimit, footprint, thread);
            else
                lock (_lock)
                    block = AllocateIn(ref _sharedCursor, ref _sharedLimit, footprint, null);
        }
        if (block == 0)
            block = AllocateOld(footprint);
        *(ulong*)block = header;
        AllocationCount++;
        return block + HeaderSize;
    }

    // Bumps a buffer, refilling it with a new eden chunk when needed; 0 when the eden is exhausted.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private nint AllocateIn(ref nint cursor, ref nint limit, long footprint, VmThread? thread)
    {
        if (cursor == 0 || cursor + (nint)footprint > limit)
        {
            RetireBuffer(cursor, limit);
            var (start, end) = TakeBuffer(thread);
            cursor = start;
            limit = end;
            if (start == 0)
                return 0;
        }
        var block = cursor;
        cursor += (nint)footprint;
        return block;
    }

    private nint AllocateOld(long footprint)
    {
        lock (_lock)
        {
            var cell = Old.Allocate(footprint);
            OldBytesAllocated += footprint;
            if (Old.AllocatedBytes > OldLimit)
                RequestSafepoint();
            return cell;
        }
    }

    /// <summary>Old-generation size at which the next full collection or marking is due.</summary>
    public long OldLimit { get; internal set; } = long.MaxValue;

    /// <summary>Bytes the last full collection or marking found live in the old generation (0 before the first).</summary>
    public long OldLiveBytes { get; internal set; }

    /// <summary>
    /// A zeroed eden chunk for a thread's inline allocation (JIT code bumps a cursor through it), or (0, 0)
    /// when the eden reserve is exhausted: allocation then goes to the old generation until a collection.
    /// Asks the thread to stop at its next safepoint once the eden is past its nominal size.
    /// </summary>
    public (nint Start, nint End) TakeBuffer(VmThread? thread)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var chunk = Young.TakeChunk();
            if (Young.Full && thread is not null)
                thread.Context->SafepointRequested = 1;
            return chunk == 0 ? (0, 0) : (chunk, chunk + YoungGeneration.ChunkSize);
        }
    }

    private static void RequestSafepoint()
    {
        if (VmThread.CurrentOrNull is { } thread)
            thread.Context->SafepointRequested = 1;
    }

    /// <summary>Turns the unused end [cursor, end) of an allocation buffer into a free block so heap walks stay exact.</summary>
    public static void RetireBuffer(nint cursor, nint end)
    {
        if (cursor == 0 || end - cursor < 16)
            return; // 8 bytes left stay 0: a gap walks skip
        *(ulong*)cursor = BlockHeader.Make(end - cursor - BlockHeader.Size, BlockLayout.Free, 0);
    }

    /// <summary>Gives back the buffer used for allocations without a VM thread (before walks and collections).</summary>
    public void RetireSharedBuffer()
    {
        lock (_lock)
        {
            RetireBuffer(_sharedCursor, _sharedLimit);
            _sharedCursor = _sharedLimit = 0;
        }
    }

    /// <summary>Called by the collector when the eden has been evacuated.</summary>
    internal void EdenCollected(long edenBytes) => _edenBytesCollected += edenBytes;

    /// <summary>Whether <paramref name="p"/> points into memory of this heap (a block, inside one, or free space of its spaces).</summary>
    public bool Contains(nint p) => Young.InRange(p) || Old.InRange(p);

    /// <summary>The size a block was allocated with.</summary>
    public static long SizeOf(nint block) => BlockHeader.SizeOf(block);

    /// <summary>The layout tag of a block.</summary>
    public static BlockLayout LayoutOf(nint block) => BlockHeader.LayoutOf(block);

    /// <summary>The RuntimeType id in a block's header (0 for untyped layouts).</summary>
    public static int TypeIdOf(nint block) => BlockHeader.TypeIdOf(block);

    /// <summary>
    /// Calls <paramref name="visit"/> with every block (payload addresses): young ones in address order,
    /// then old ones. Allocation buffers must have been retired (see <see cref="HeapVerifier"/>).
    /// </summary>
    public void ForEachBlock(Action<nint> visit)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RetireSharedBuffer();
        Young.ForEachBlock(visit);
        Old.FinishSweeping();
        Old.ForEachBlock(cell => visit(cell + HeaderSize));
    }

    /// <summary>
    /// The block containing <paramref name="address"/> (its payload address), or 0 when the address is not
    /// inside a block's payload or one past its end (outside the heap, on a header, in padding or free
    /// space). Closes the allocation buffers of the calling thread and of allocations without a thread
    /// (the young index covers whole chunks); other threads' buffers must have been retired.
    /// </summary>
    public nint FindBlockStart(nint address)
    {
        if (Young.InRange(address - HeaderSize))
        {
            // The young index covers whole chunks: the chunks being bump-allocated must be closed first.
            RetireSharedBuffer();
            if (VmThread.CurrentOrNull is { } thread && thread.Runtime.Heap == this)
                thread.RetireAllocationBuffer();
            return Young.FindBlock(address);
        }
        var cell = Old.BlockContaining(address - HeaderSize);
        if (cell == 0)
            return 0;
        var payload = cell + HeaderSize;
        var size = BlockHeader.SizeOf(payload);
        return address >= payload && address <= payload + (nint)size ? payload : 0;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            Finalizers.RunAll();
            Young.Dispose();
            Old.Dispose();
        }
    }
}
