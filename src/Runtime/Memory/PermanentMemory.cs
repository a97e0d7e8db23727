using System.Runtime.InteropServices;

namespace Vm.Runtime.Memory;

/// <summary>
/// Memory that lives as long as the runtime and never moves: type descriptors, vtables, globals,
/// constant strings, static closures. JIT code embeds these addresses as constants.
/// </summary>
public sealed unsafe class PermanentMemory : IDisposable
{
    private readonly List<nint> _blocks = [];
    private readonly Lock _lock = new();

    private readonly AddressRanges _ranges = new();

    public nint Allocate(long size)
    {
        lock (_lock)
        {
            var p = NativeMemory.AlignedAlloc((nuint)Math.Max(size, 8), 16);
            NativeMemory.Clear(p, (nuint)Math.Max(size, 8));
            _blocks.Add((nint)p);
            _ranges.Add((nint)p, Math.Max(size, 8));
            return (nint)p;
        }
    }

    /// <summary>Whether <paramref name="p"/> points into a permanent block.</summary>
    public bool Contains(nint p)
    {
        lock (_lock)
        {
            return _ranges.Contains(p);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var b in _blocks)
                NativeMemory.AlignedFree((void*)b);
            _blocks.Clear();
        }
    }
}
