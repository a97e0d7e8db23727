using System.Runtime.InteropServices;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Gc;

/// <summary>
/// Roots for C# code that must keep heap references across a callback into HL code during which
/// collections may move objects (value_to_string walking a container, a sort calling its comparator).
/// The code pushes each reference it still needs, reads it back after every callback, and releases its
/// handles when done; the collector updates the slots like any other root. One stack per VM thread, in
/// native memory: pushes and reads cost a store and a load, not a registration.
/// </summary>
public sealed unsafe class HandleStack : IDisposable
{
    private const int InitialCapacity = 64;

    private nint* _slots;
    private int _capacity;

    public HandleStack()
    {
        _capacity = InitialCapacity;
        _slots = (nint*)NativeMemory.AllocZeroed((nuint)(_capacity * sizeof(nint)));
    }

    /// <summary>Handles in use; a mark for <see cref="Release"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Keeps <paramref name="reference"/> (an object, an address inside one, or null) up to date; returns its handle.</summary>
    public int Push(nint reference)
    {
        if (Count == _capacity)
            Grow();
        _slots[Count] = reference;
        return Count++;
    }

    /// <summary>The current address of what handle <paramref name="handle"/> holds.</summary>
    public nint this[int handle]
    {
        get
        {
            if ((uint)handle >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(handle));
            return _slots[handle];
        }
    }

    /// <summary>Drops every handle from <paramref name="mark"/> (a <see cref="Count"/> read earlier) upwards.</summary>
    public void Release(int mark)
    {
        if ((uint)mark > (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(mark));
        Count = mark;
    }

    /// <summary>Visits the slots in use (collections, heap verification).</summary>
    public void ForEach(RootVisitor visit)
    {
        for (var i = 0; i < Count; i++)
            visit((nint)(_slots + i), ReferenceSlot.Interior, new RootName("runtime handle"));
    }

    // Slots move only here, between callbacks: the collector never sees a half-copied stack.
    private void Grow()
    {
        _capacity *= 2;
        _slots = (nint*)NativeMemory.Realloc(_slots, (nuint)(_capacity * sizeof(nint)));
    }

    public void Dispose()
    {
        if (_slots != null)
        {
            NativeMemory.Free(_slots);
            _slots = null;
            Count = _capacity = 0;
        }
    }
}
