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

    public nint Allocate(long size)
    {
        lock (_lock)
        {
            var p = NativeMemory.AlignedAlloc((nuint)Math.Max(size, 8), 16);
            NativeMemory.Clear(p, (nuint)Math.Max(size, 8));
            _blocks.Add((nint)p);
            return (nint)p;
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
