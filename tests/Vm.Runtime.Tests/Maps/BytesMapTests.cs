using Vm.Frontend.Model;
using Vm.Runtime.Natives.Maps;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Maps;

public sealed unsafe class BytesMapTests : IDisposable
{
    private readonly MapFixture _f = new();
    private readonly delegate* unmanaged<nint> _alloc;
    private readonly delegate* unmanaged<nint, nint, nint, void> _set;
    private readonly delegate* unmanaged<nint, nint, nint> _get;
    private readonly delegate* unmanaged<nint, nint, byte> _exists;
    private readonly delegate* unmanaged<nint, nint, byte> _remove;
    private readonly delegate* unmanaged<nint, nint> _keys;
    private readonly delegate* unmanaged<nint, nint> _values;
    private readonly delegate* unmanaged<nint, void> _clear;
    private readonly delegate* unmanaged<nint, int> _size;

    public BytesMapTests()
    {
        _alloc = (delegate* unmanaged<nint>)_f.Native("hballoc");
        _set = (delegate* unmanaged<nint, nint, nint, void>)_f.Native("hbset");
        _get = (delegate* unmanaged<nint, nint, nint>)_f.Native("hbget");
        _exists = (delegate* unmanaged<nint, nint, byte>)_f.Native("hbexists");
        _remove = (delegate* unmanaged<nint, nint, byte>)_f.Native("hbremove");
        _keys = (delegate* unmanaged<nint, nint>)_f.Native("hbkeys");
        _values = (delegate* unmanaged<nint, nint>)_f.Native("hbvalues");
        _clear = (delegate* unmanaged<nint, void>)_f.Native("hbclear");
        _size = (delegate* unmanaged<nint, int>)_f.Native("hbsize");
    }

    public void Dispose() => _f.Dispose();

    private nint Get(nint m, string key) => _get(m, _f.Utf16(key));

    private bool Exists(nint m, string key) => _exists(m, _f.Utf16(key)) != 0;

    private string[] KeyStrings(nint m) =>
        MapFixture.Elements<nint>(_keys(m)).Select(HlStrings.ReadUtf16Z).ToArray();

    [Fact]
    public void Set_get_exists_remove_and_overwrite()
    {
        var m = _alloc();
        Assert.Equal(0, _get(m, _f.Utf16("a")));
        Assert.Equal(0, _exists(m, _f.Utf16("a")));
        Assert.Equal(0, _remove(m, _f.Utf16("a")));
        Assert.Equal(0, _size(m));

        var one = _f.Box(1);
        var two = _f.Box(2);
        _set(m, _f.Utf16("a"), one);
        Assert.Equal(one, Get(m, "a")); // found through a different buffer with the same content
        Assert.True(Exists(m, "a"));
        Assert.False(Exists(m, "b"));
        _set(m, _f.Utf16("a"), two);
        Assert.Equal(two, Get(m, "a"));
        Assert.Equal(1, _size(m));

        Assert.Equal(1, _remove(m, _f.Utf16("a")));
        Assert.Equal(0, _remove(m, _f.Utf16("a")));
        Assert.Equal(0, Get(m, "a"));
        Assert.False(Exists(m, "a"));
        Assert.Equal(0, _size(m));
        Assert.Null(_f.TakePendingError());
    }

    [Fact]
    public void Null_values_are_stored_and_distinguished_from_missing_keys()
    {
        var m = _alloc();
        _set(m, _f.Utf16("k"), 0);
        Assert.True(Exists(m, "k"));
        Assert.Equal(0, Get(m, "k"));
        Assert.Equal(1, _size(m));
        Assert.Equal([0], MapFixture.Elements<nint>(_values(m)));
    }

    [Fact]
    public void Keys_compare_by_content_up_to_the_terminating_zero()
    {
        var m = _alloc();
        string[] keys = ["", "ab", "abc", "abcd", "abd", "é", "e", "😀", "日本", "日本語", "a\u0120", "bA"];
        for (var i = 0; i < keys.Length; i++)
            _set(m, _f.Utf16(keys[i]), _f.Box(i));
        Assert.Equal(keys.Length, _size(m));
        for (var i = 0; i < keys.Length; i++)
            Assert.Equal(i, MapFixture.Unbox(Get(m, keys[i])));
        Assert.False(Exists(m, "a"));
        Assert.False(Exists(m, "abcde"));
        Assert.False(Exists(m, "日"));
        // A buffer holding a zero stands for its part before the zero.
        Assert.Equal(1, MapFixture.Unbox(Get(m, "ab\0zz")));
        Assert.Equal(0, MapFixture.Unbox(Get(m, "\0x")));
    }

    [Fact]
    public void Keys_with_the_same_hash_stay_distinct()
    {
        // 97 * 223 + 288 == 98 * 223 + 65
        Assert.Equal(BytesKeys.Hash(_f.Utf16("a\u0120")), BytesKeys.Hash(_f.Utf16("bA")));
        var m = _alloc();
        _set(m, _f.Utf16("a\u0120"), _f.Box(1));
        Assert.False(Exists(m, "bA"));
        _set(m, _f.Utf16("bA"), _f.Box(2));
        Assert.Equal(1, MapFixture.Unbox(Get(m, "a\u0120")));
        Assert.Equal(2, MapFixture.Unbox(Get(m, "bA")));
        Assert.Equal(1, _remove(m, _f.Utf16("a\u0120")));
        Assert.Equal(2, MapFixture.Unbox(Get(m, "bA")));
        Assert.False(Exists(m, "a\u0120"));
    }

    [Theory]
    [InlineData("a", 97)]
    [InlineData("ab", 21729)]
    [InlineData("toString", 409915697)]
    [InlineData("averyveryverylongfieldnamewithoverflow", -165241879)]
    [InlineData("é", 233)]
    [InlineData("", 0)]
    public void Hashes_are_hashlinks_string_hashes(string key, int expected) =>
        Assert.Equal((uint)expected, BytesKeys.Hash(_f.Utf16(key)));

    [Fact]
    public void Keys_and_values_enumerate_in_hashlinks_order()
    {
        // 7 cells: "a" (97) goes to cell 6, "b" to 0, "c" to 1.
        var m = _alloc();
        var bufA = _f.Utf16("a");
        _set(m, bufA, _f.Box(1));
        _set(m, _f.Utf16("b"), _f.Box(2));
        _set(m, _f.Utf16("c"), _f.Box(3));
        var keys = _keys(m);
        _f.AssertArrayOf(TypeKind.Bytes, keys);
        Assert.Equal(["b", "c", "a"], KeyStrings(m));
        // hl keeps the key buffer it was given, without copying it.
        Assert.Equal(bufA, MapFixture.Elements<nint>(keys)[2]);
        var values = _values(m);
        _f.AssertArrayOf(TypeKind.Dyn, values);
        Assert.Equal([2, 3, 1], MapFixture.Elements<nint>(values).Select(MapFixture.Unbox));
    }

    [Fact]
    public void Hundred_thousand_entries_grow_and_survive_removal_and_reinsertion()
    {
        const int n = 100_000;
        var m = _alloc();
        for (var i = 0; i < n; i++)
            _set(m, _f.Utf16("key" + i), _f.Box(i));
        Assert.Equal(n, _size(m));
        for (var i = 0; i < n; i++)
            Assert.Equal(i, MapFixture.Unbox(Get(m, "key" + i)));
        for (var i = 0; i < n; i += 2)
            Assert.Equal(1, _remove(m, _f.Utf16("key" + i)));
        Assert.Equal(n / 2, _size(m));
        for (var i = 0; i < n; i++)
            Assert.Equal(i % 2 == 1, Exists(m, "key" + i));
        for (var i = 0; i < n; i += 2)
            _set(m, _f.Utf16("key" + i), _f.Box(-i));
        Assert.Equal(n, _size(m));
        for (var i = 0; i < n; i++)
            Assert.Equal(i % 2 == 1 ? i : -i, MapFixture.Unbox(Get(m, "key" + i)));
        var keys = KeyStrings(m);
        Assert.Equal(n, keys.Length);
        Assert.Equal(n, keys.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, n).Sum(i => (long)(i % 2 == 1 ? i : -i)),
            MapFixture.Elements<nint>(_values(m)).Sum(v => (long)MapFixture.Unbox(v)));
    }

    [Fact]
    public void Clear_empties_the_map_which_stays_usable()
    {
        var m = _alloc();
        for (var i = 0; i < 20; i++)
            _set(m, _f.Utf16("k" + i), _f.Box(i));
        _clear(m);
        Assert.Equal(0, _size(m));
        Assert.False(Exists(m, "k1"));
        Assert.Empty(KeyStrings(m));
        _set(m, _f.Utf16("k1"), _f.Box(5));
        Assert.Equal(5, MapFixture.Unbox(Get(m, "k1")));
        Assert.Equal(1, _size(m));
    }

    [Fact]
    public void Empty_map_gives_empty_arrays_of_hls_types()
    {
        var m = _alloc();
        var keys = _keys(m);
        var values = _values(m);
        _f.AssertArrayOf(TypeKind.Bytes, keys);
        _f.AssertArrayOf(TypeKind.Dyn, values);
        Assert.Equal(0, HlArrays.Length(keys));
        Assert.Equal(0, HlArrays.Length(values));
    }

    [Fact]
    public void Null_map_or_key_raise_null_access()
    {
        var m = _alloc();
        _set(m, 0, _f.Box(1));
        Assert.Equal("Null access", _f.TakePendingError());
        Assert.Equal(0, _get(m, 0));
        Assert.Equal("Null access", _f.TakePendingError());
        Assert.Equal(0, _get(0, _f.Utf16("a")));
        Assert.Equal("Null access", _f.TakePendingError());
        Assert.Equal(0, _exists(m, 0));
        Assert.Equal("Null access", _f.TakePendingError());
        Assert.Equal(0, _remove(m, 0));
        Assert.Equal("Null access", _f.TakePendingError());
        Assert.Equal(0, _size(0));
        Assert.Equal("Null access", _f.TakePendingError());
        Assert.Equal(0, _size(m));
    }
}
