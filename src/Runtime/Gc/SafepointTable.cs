namespace Vm.Runtime.Gc;

/// <summary>The live references of every compiled safepoint, by return address (from LLVM's stack maps).</summary>
public sealed class SafepointTable
{
    private readonly Dictionary<nint, SafepointRoots> _byReturnAddress = [];
    private readonly Lock _lock = new();

    public void Add(nint returnAddress, SafepointRoots roots)
    {
        lock (_lock)
            _byReturnAddress[returnAddress] = roots;
    }

    public SafepointRoots? Find(nint returnAddress)
    {
        lock (_lock)
            return _byReturnAddress.GetValueOrDefault(returnAddress);
    }

    public int Count
    {
        get
        {
            lock (_lock)
                return _byReturnAddress.Count;
        }
    }
}
