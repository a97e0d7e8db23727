using Vm.Frontend.Model;

namespace Vm.Runtime.Tests.Maps;

public sealed unsafe class Int64MapTests : IDisposable
{
    private readonly MapFixture _f = new();
    private readonly delegate* unmanaged<nint> _alloc;
    private readonly delegate* unmanaged<nint, long, nint, void> _set;
    private readonly delegate* unmanaged<nint, long, nint> _get;
    private readonly delegate* unmanaged<nint, long, byte> _exists;
    private readonly delegate* unmanaged<nint, long, byte> _remove;
    private readonly delegate* unmanaged<nint, nint> _keys;
    private readonly delegate* unmanaged<nint, nint> _values;
    private readonly delegate* unmanaged<nint, void> _clear;
    private readonly delegate* unmanaged<nint, int> _size;

    public Int64MapTests()
    {
        _alloc = (delegate* unmanaged<nint>)_f.Native("hi64alloc");
        _set = (delegate* unmanaged<nint, long, nint, void>)_f.Native("hi64set");
        _get = (delegate* unmanaged<nint, long, nint>)_f.Native("hi64get");
        _exists = (delegate* unmanaged<nint, long, byte>)_f.Native("hi64exists");
        _remove = (delegate* unmanaged<nint, long, byte>)_f.Native("hi64remove");
        _keys = (delegate* unmanaged<nint, nint>)_f.Native("hi64keys");
        _values = (delegate* unmanaged<nint, nint>)_f.Native("hi64values");
        _clear = (delegate* unmanaged<nint, void>)_f.Native("hi64clear");
        _size = (delegate* unmanaged<nint, int>)_f.Native("hi64size");
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Keys_differing_only_in_their_high_half_are_distinct()
    {
        var m = _alloc();
        // 1 and 1 << 32 hash alike (the halves are xor-ed), as do 0 and (1 << 32) | 1.
        long[] keys = [1, 1L << 32, 0, (1L << 32) | 1, -1, long.MinValue, long.MaxValue, int.MinValue, 0xFFFF_FFFFL];
        for (var i = 0; i < keys.Length; i++)
            _set(m, keys[i], _f.Box(i));
        Assert.Equal(keys.Length, _size(m));
        for (var i = 0; i < keys.Length; i++)
            Assert.Equal(i, MapFixture.Unbox(_get(m, keys[i])));
        Assert.Equal(0, _exists(m, 2L << 32));
        Assert.Equal(1, _remove(m, 1L << 32));
        Assert.Equal(0, _exists(m, 1L << 32));
        Assert.Equal(0, MapFixture.Unbox(_get(m, 1)));
        var keysArray = _keys(m);
        _f.AssertArrayOf(TypeKind.I64, keysArray);
        _f.AssertArrayOf(TypeKind.Dyn, _values(m));
        Assert.Equal(keys.Where(k => k != 1L << 32).Order(), MapFixture.Elements<long>(keysArray).Order());
    }

    [Fact]
    public void Enumeration_order_follows_the_cells_of_the_folded_hash()
    {
        // Hashes: 5 -> 5, (1 << 32) | 5 -> 4, 7 -> 7 % 7 = 0; 7 cells.
        var m = _alloc();
        _set(m, 5, _f.Box(1));
        _set(m, (1L << 32) | 5, _f.Box(2));
        _set(m, 7, _f.Box(3));
        Assert.Equal([7, (1L << 32) | 5, 5], MapFixture.Elements<long>(_keys(m)));
    }

    [Fact]
    public void Many_entries_removal_reinsertion_and_clear()
    {
        const int n = 100_000;
        var m = _alloc();
        for (long i = 0; i < n; i++)
            _set(m, i << 33 ^ -i, _f.Box((int)i));
        Assert.Equal(n, _size(m));
        for (long i = 0; i < n; i += 2)
            Assert.Equal(1, _remove(m, i << 33 ^ -i));
        for (long i = 0; i < n; i++)
            Assert.Equal(i % 2 == 1, _exists(m, i << 33 ^ -i) != 0);
        for (long i = 0; i < n; i += 2)
            _set(m, i << 33 ^ -i, _f.Box((int)i));
        for (long i = 0; i < n; i++)
            Assert.Equal((int)i, MapFixture.Unbox(_get(m, i << 33 ^ -i)));
        _clear(m);
        Assert.Equal(0, _size(m));
        Assert.Equal(0, _get(m, 0));
    }
}
