namespace Vm.Runtime.Memory;

/// <summary>A set of address ranges answering "is this address inside one of them?" by binary search.</summary>
internal sealed class AddressRanges
{
    private readonly List<(nint Start, long Size)> _ranges = [];
    private (nint Start, long Size)[] _sorted = [];
    private bool _dirty;

    public void Add(nint start, long size)
    {
        _ranges.Add((start, size));
        _dirty = true;
    }

    public bool Contains(nint p)
    {
        if (_dirty)
        {
            _sorted = [.. _ranges.OrderBy(r => r.Start)];
            _dirty = false;
        }
        int lo = 0, hi = _sorted.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var (start, size) = _sorted[mid];
            if (p < start)
                hi = mid - 1;
            else if (p >= start + size)
                lo = mid + 1;
            else
                return true;
        }
        return false;
    }
}
