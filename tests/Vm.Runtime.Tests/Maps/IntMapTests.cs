using Vm.Frontend.Model;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Maps;

public sealed unsafe class IntMapTests : IDisposable
{
    private readonly MapFixture _f = new();
    private readonly delegate* unmanaged<nint> _alloc;
    private readonly delegate* unmanaged<nint, int, nint, void> _set;
    private readonly delegate* unmanaged<nint, int, nint> _get;
    private readonly delegate* unmanaged<nint, int, byte> _exists;
    private readonly delegate* unmanaged<nint, int, byte> _remove;
    private readonly delegate* unmanaged<nint, nint> _keys;
    private readonly delegate* unmanaged<nint, nint> _values;
    private readonly delegate* unmanaged<nint, void> _clear;
    private readonly delegate* unmanaged<nint, int> _size;

    public IntMapTests()
    {
        _alloc = (delegate* unmanaged<nint>)_f.Native("hialloc");
        _set = (delegate* unmanaged<nint, int, nint, void>)_f.Native("hiset");
        _get = (delegate* unmanaged<nint, int, nint>)_f.Native("higet");
        _exists = (delegate* unmanaged<nint, int, byte>)_f.Native("hiexists");
        _remove = (delegate* unmanaged<nint, int, byte>)_f.Native("hiremove");
        _keys = (delegate* unmanaged<nint, nint>)_f.Native("hikeys");
        _values = (delegate* unmanaged<nint, nint>)_f.Native("hivalues");
        _clear = (delegate* unmanaged<nint, void>)_f.Native("hiclear");
        _size = (delegate* unmanaged<nint, int>)_f.Native("hisize");
    }

    public void Dispose() => _f.Dispose();

    private int[] Keys(nint m) => MapFixture.Elements<int>(_keys(m));

    [Fact]
    public void Set_get_exists_remove_and_overwrite()
    {
        var m = _alloc();
        Assert.Equal(0, _get(m, 5));
        Assert.Equal(0, _exists(m, 5));
        Assert.Equal(0, _remove(m, 5));
        _set(m, 5, _f.Box(50));
        _set(m, 12, _f.Box(120)); // same cell as 5 (7 cells)
        Assert.Equal(50, MapFixture.Unbox(_get(m, 5)));
        Assert.Equal(120, MapFixture.Unbox(_get(m, 12)));
        Assert.Equal(0, _get(m, 19));
        _set(m, 5, _f.Box(51));
        Assert.Equal(51, MapFixture.Unbox(_get(m, 5)));
        Assert.Equal(2, _size(m));
        Assert.Equal(1, _remove(m, 12));
        Assert.Equal(0, _exists(m, 12));
        Assert.Equal(1, _exists(m, 5));
        Assert.Equal(1, _size(m));
        Assert.Null(_f.TakePendingError());
    }

    [Fact]
    public void Negative_and_extreme_keys()
    {
        var m = _alloc();
        int[] keys = [0, -1, 1, int.MinValue, int.MaxValue, int.MinValue + 1, -7, 7, 1 << 31 >>> 1];
        for (var i = 0; i < keys.Length; i++)
            _set(m, keys[i], _f.Box(i));
        for (var i = 0; i < keys.Length; i++)
            Assert.Equal(i, MapFixture.Unbox(_get(m, keys[i])));
        Assert.Equal(keys.Order(), Keys(m).Order());
        Assert.Equal(0, _exists(m, 2));
    }

    [Fact]
    public void Null_values_are_stored()
    {
        var m = _alloc();
        _set(m, 3, 0);
        Assert.Equal(1, _exists(m, 3));
        Assert.Equal(0, _get(m, 3));
        Assert.Equal(1, _size(m));
    }

    [Fact]
    public void Keys_and_values_arrays_have_hls_element_types_and_order()
    {
        // 7 cells; 10, 3 and 17 share cell 3 and newest comes first. The fourth entry grows
        // the table to 5 slots, still 7 cells, so hl keeps the chains as they are.
        var m = _alloc();
        _set(m, 10, _f.Box(100));
        _set(m, 3, _f.Box(30));
        _set(m, 17, _f.Box(170));
        _set(m, 8, _f.Box(80));
        var keys = _keys(m);
        var values = _values(m);
        _f.AssertArrayOf(TypeKind.I32, keys);
        _f.AssertArrayOf(TypeKind.Dyn, values);
        Assert.Equal([8, 17, 3, 10], MapFixture.Elements<int>(keys));
        Assert.Equal([80, 170, 30, 100], MapFixture.Elements<nint>(values).Select(MapFixture.Unbox));
    }

    [Fact]
    public void Growing_past_seven_cells_relinks_entries_in_hls_order()
    {
        // Keys 0..26 fill 27 slots over 7 cells; key 27 grows the table to 41 slots over 17 cells,
        // and hl re-links cell by cell (each chain newest first), pushing every entry to the front.
        var m = _alloc();
        for (var k = 0; k <= 27; k++)
            _set(m, k, _f.Box(k));
        int[] expected = [17, 0, 18, 1, 19, 2, 20, 3, 4, 21, 5, 22, 6, 23, 24, 7, 25, 8, 26, 9, 27, 10, 11, 12, 13, 14, 15, 16];
        Assert.Equal(expected, Keys(m));
        Assert.Equal(expected, MapFixture.Elements<nint>(_values(m)).Select(MapFixture.Unbox));
    }

    [Fact]
    public void Enumeration_order_follows_hashlinks_model_through_growth_and_removal()
    {
        var m = _alloc();
        var model = new HlChainedMapModel();
        var rng = new Random(1234);
        for (var step = 0; step < 20_000; step++)
        {
            var key = rng.Next(-300, 3000);
            if (rng.Next(4) == 0)
                Assert.Equal(model.Remove(key), _remove(m, key) != 0);
            else
            {
                model.Set(key);
                _set(m, key, _f.Box(key));
            }
            if (step % 997 == 0)
                Assert.Equal(model.Keys(), Keys(m));
        }
        Assert.Equal(model.Keys(), Keys(m));
        Assert.Equal(model.Keys(), MapFixture.Elements<nint>(_values(m)).Select(MapFixture.Unbox));
        Assert.Equal(model.Count, _size(m));
    }

    [Fact]
    public void Hundred_thousand_entries_with_removal_and_reinsertion()
    {
        const int n = 100_000;
        var m = _alloc();
        for (var i = 0; i < n; i++)
            _set(m, i * 7919 - 50_000, _f.Box(i));
        Assert.Equal(n, _size(m));
        for (var i = 0; i < n; i++)
            Assert.Equal(i, MapFixture.Unbox(_get(m, i * 7919 - 50_000)));
        for (var i = 0; i < n; i += 3)
            Assert.Equal(1, _remove(m, i * 7919 - 50_000));
        for (var i = 0; i < n; i++)
            Assert.Equal(i % 3 != 0, _exists(m, i * 7919 - 50_000) != 0);
        for (var i = 0; i < n; i += 3)
            _set(m, i * 7919 - 50_000, _f.Box(i + 1));
        Assert.Equal(n, _size(m));
        Assert.Equal(Enumerable.Range(0, n).Select(i => i * 7919 - 50_000).Order(), Keys(m).Order());
        Assert.Equal(Enumerable.Range(0, n).Sum(i => (long)(i % 3 == 0 ? i + 1 : i)),
            MapFixture.Elements<nint>(_values(m)).Sum(v => (long)MapFixture.Unbox(v)));
    }

    [Fact]
    public void Clear_then_reuse()
    {
        var m = _alloc();
        for (var i = 0; i < 200; i++)
            _set(m, i, _f.Box(i));
        _clear(m);
        Assert.Equal(0, _size(m));
        Assert.Equal(0, _get(m, 1));
        Assert.Equal(0, HlArrays.Length(_keys(m)));
        _set(m, 10, _f.Box(1));
        _set(m, 3, _f.Box(2));
        Assert.Equal([3, 10], Keys(m));
    }

    [Fact]
    public void Null_map_raises_null_access()
    {
        _set(0, 1, 0);
        Assert.Equal("Null access", _f.TakePendingError());
        Assert.Equal(0, _keys(0));
        Assert.Equal("Null access", _f.TakePendingError());
        Assert.Equal(0, _exists(0, 1));
        Assert.Equal("Null access", _f.TakePendingError());
    }
}

/// <summary>
/// HashLink's map semantics, written plainly: chains as lists, newest first; a full table grows
/// to 3 then x1.5 slots with the first of hl's primes >= capacity / 4 as cell count, and its chains
/// are rebuilt cell by cell unless the cell count is unchanged and 128 slots is not crossed.
/// </summary>
internal sealed class HlChainedMapModel
{
    private static readonly int[] Primes = [7, 17, 37, 79, 163, 331, 673, 1361, 2729, 5471, 10949, 21911, 43853];
    private List<int>[] _cells = [];
    private int _capacity;

    public int Count { get; private set; }

    public void Set(int key)
    {
        if (_cells.Length > 0 && Cell(key, _cells).Contains(key))
            return;
        if (Count == _capacity)
            Grow();
        Cell(key, _cells).Insert(0, key);
        Count++;
    }

    public bool Remove(int key)
    {
        if (_cells.Length == 0 || !Cell(key, _cells).Remove(key))
            return false;
        Count--;
        return true;
    }

    public int[] Keys() => _cells.SelectMany(c => c).ToArray();

    private static List<int> Cell(int key, List<int>[] cells) => cells[(int)((uint)key % (uint)cells.Length)];

    private void Grow()
    {
        var capacity = _capacity == 0 ? 3 : (_capacity * 3 + 1) / 2;
        var cellCount = Primes.First(p => p >= capacity / 4);
        if (cellCount != _cells.Length || (capacity >= 128 && _capacity < 128))
        {
            var cells = Enumerable.Range(0, cellCount).Select(_ => new List<int>()).ToArray();
            foreach (var key in _cells.SelectMany(c => c))
                Cell(key, cells).Insert(0, key);
            _cells = cells;
        }
        _capacity = capacity;
    }
}
