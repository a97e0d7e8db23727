using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Gc;
using Vm.Runtime.Memory;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Natives.Threads;

/// <summary>
/// sys.thread.Deque: a double-ended message queue. Layout: the handle is an AllPointers block
/// [items, counts]; items is an AllPointers ring of capacity slots; counts is a NoPointers block
/// [head, count, capacity]. With a single HL thread, popping an empty deque with block=true returns
/// null instead of waiting forever for a sender that cannot exist.
/// </summary>
public static unsafe class DequeNatives
{
    [HlNative("std", "deque_alloc")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Alloc()
    {
        var heap = VmThread.Current.Runtime.Heap;
        var handle = heap.Allocate(16, BlockLayout.AllPointers);
        var counts = heap.Allocate(24, BlockLayout.NoPointers);
        WriteBarrier.Store(handle + 8, counts);
        return handle;
    }

    [HlNative("std", "deque_add")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Add(nint deque, nint value) => Insert(deque, value, atFront: false);

    [HlNative("std", "deque_push")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Push(nint deque, nint value) => Insert(deque, value, atFront: true);

    [HlNative("std", "deque_pop")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Pop(nint deque, byte block)
    {
        if (deque == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        var counts = (long*)((nint*)deque)[1];
        if (counts[1] == 0)
            return 0;
        var items = (nint*)((nint*)deque)[0];
        var value = items[counts[0]];
        items[counts[0]] = 0;
        counts[0] = (counts[0] + 1) % counts[2];
        counts[1]--;
        return value;
    }

    internal static void Insert(nint deque, nint value, bool atFront)
    {
        if (deque == 0)
        {
            HlErrors.NullAccess();
            return;
        }
        var counts = (long*)((nint*)deque)[1];
        if (counts[1] == counts[2])
            Grow(deque);
        counts = (long*)((nint*)deque)[1];
        var items = (nint*)((nint*)deque)[0];
        if (atFront)
        {
            counts[0] = (counts[0] - 1 + counts[2]) % counts[2];
            WriteBarrier.Store((nint)(items + counts[0]), value);
        }
        else
        {
            WriteBarrier.Store((nint)(items + (counts[0] + counts[1]) % counts[2]), value);
        }
        counts[1]++;
    }

    private static void Grow(nint deque)
    {
        var counts = (long*)((nint*)deque)[1];
        var capacity = Math.Max(8, counts[2] * 2);
        var fresh = (nint*)VmThread.Current.Runtime.Heap.Allocate(8 * capacity, BlockLayout.AllPointers);
        counts = (long*)((nint*)deque)[1];
        var old = (nint*)((nint*)deque)[0];
        for (var i = 0; i < counts[1]; i++)
            fresh[i] = old[(counts[0] + i) % counts[2]];
        WriteBarrier.MarkRange((nint)fresh, 8 * counts[1]);
        WriteBarrier.Store(deque, (nint)fresh);
        counts[0] = 0;
        counts[2] = capacity;
    }
}
