using System.Runtime.InteropServices;
using Vm.Runtime.Gc;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Tests.Gc;

/// <summary>
/// A runtime's heap for collector tests: blocks built by hand, kept by root slots in native memory
/// (registered with the runtime, freed with it), and the heap check the stress mode runs.
/// </summary>
internal sealed unsafe class TestHeap(GcOptions? options = null) : IDisposable
{
    private readonly List<nint> _roots = [];

    public RuntimeFixture Fixture { get; } = new(gc: options);

    public VmRuntime Runtime => Fixture.Runtime;
    public Heap Heap => Runtime.Heap;
    public GarbageCollector Collector => Runtime.Collector;

    /// <summary>A root slot outside the heap holding <paramref name="value"/>.</summary>
    public nint* Root(nint value)
    {
        var slot = (nint*)NativeMemory.AllocZeroed(8);
        *slot = value;
        Runtime.Roots.Add((nint)slot, "test root");
        _roots.Add((nint)slot);
        return slot;
    }

    /// <summary>A block of the characters of <paramref name="text"/> as bytes (no references).</summary>
    public nint Bytes(string text)
    {
        var b = Heap.Allocate(text.Length, BlockLayout.NoPointers);
        for (var i = 0; i < text.Length; i++)
            ((byte*)b)[i] = (byte)text[i];
        return b;
    }

    public static string Text(nint b) => new((sbyte*)b, 0, (int)BlockHeader.SizeOf(b));

    /// <summary>A block of two references.</summary>
    public nint Pair(nint first, nint second)
    {
        var p = Heap.Allocate(16, BlockLayout.AllPointers);
        WriteBarrier.Store(p, first);
        WriteBarrier.Store(p + 8, second);
        return p;
    }

    public void AssertSound()
    {
        var report = HeapVerifier.Verify(Runtime);
        Assert.True(report.Count == 0, string.Join("\n", report.Take(20)));
    }

    public void Dispose()
    {
        foreach (var slot in _roots)
        {
            Runtime.Roots.Remove(slot);
            NativeMemory.Free((void*)slot);
        }
        Fixture.Dispose();
    }
}
