using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vm.Runtime.Threading;

/// <summary>A thread running HL code: its native context block and the runtime it belongs to.</summary>
public sealed unsafe class VmThread : IDisposable
{
    [ThreadStatic]
    private static VmThread? _current;

    public VmThread(VmRuntime runtime)
    {
        Runtime = runtime;
        Context = (ThreadContextData*)NativeMemory.AllocZeroed((nuint)sizeof(ThreadContextData));
        runtime.Roots.Add((nint)(&Context->ExceptionValue), "thread exception value");
        runtime.Roots.AddHandles(Handles);
        runtime.AddThread(this);
    }

    /// <summary>What JIT barriers record (see <see cref="ThreadContextData.BarrierRangeStart"/>): every store into the old region, or only old-to-young ones.</summary>
    internal void RecordAllOldStores(bool all)
    {
        var young = Runtime.Heap.Young;
        Context->BarrierRangeStart = all ? 0 : young.RangeStart;
        Context->BarrierRangeSize = all ? -1 : young.RangeEnd - young.RangeStart;
    }

    /// <summary>Roots for this thread's C# code holding references across callbacks that may move objects.</summary>
    public Gc.HandleStack Handles { get; } = new();

    public VmRuntime Runtime { get; }

    public ThreadContextData* Context { get; private set; }

    private nint _handle;

    /// <summary>This thread's abstract handle (std.thread_current), the same block on every call.</summary>
    public nint Handle => _handle != 0 ? _handle : _handle = Runtime.Permanent.Allocate(8);

    /// <summary>Call sites of the last exception thrown on this thread, innermost first (HashLink's exc_stack_trace).</summary>
    public List<long> ExceptionStack { get; set; } = [];

    /// <summary>The VM thread bound to the calling OS thread; natives use it to reach their runtime.</summary>
    public static VmThread Current
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => _current ?? throw new InvalidOperationException("no HL code is running on this thread");
    }

    public static VmThread? CurrentOrNull
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => _current;
    }

    /// <summary>Binds this VM thread to the calling OS thread until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        var previous = _current;
        _current = this;
        Context->StackLimit = ThreadStack.Limit();
        return new Scope(previous);
    }

    /// <summary>While above 0, collections wait: C# code entered from the host holds heap addresses across HL callbacks.</summary>
    public int CollectionHolds { get; private set; }

    /// <summary>Holds collections until the returned scope is disposed (host code calling back into HL with heap addresses in hand).</summary>
    public HoldScope HoldCollections()
    {
        CollectionHolds++;
        return new HoldScope(this);
    }

    public readonly struct HoldScope(VmThread thread) : IDisposable
    {
        public void Dispose() => thread.CollectionHolds--;
    }

    /// <summary>Gives the unused end of the allocation buffer back (before heap walks, and when the thread ends).</summary>
    public void RetireAllocationBuffer()
    {
        Memory.Heap.RetireBuffer(Context->AllocCursor, Context->AllocLimit);
        Context->AllocCursor = Context->AllocLimit = 0;
    }

    public void Dispose()
    {
        if (Context is not null)
        {
            RetireAllocationBuffer();
            Runtime.Roots.Remove((nint)(&Context->ExceptionValue));
            Runtime.Roots.RemoveHandles(Handles);
            Runtime.RemoveThread(this);
            Handles.Dispose();
            NativeMemory.Free(Context);
            Context = null;
        }
    }

    public readonly struct Scope(VmThread? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}
