using System.Runtime.InteropServices;
using Vm.Frontend.Model;
using Vm.Runtime.Natives.Maps;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Maps;

public sealed unsafe class ObjectMapTests : IDisposable
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

    public ObjectMapTests()
    {
        _alloc = (delegate* unmanaged<nint>)_f.Native("hoalloc");
        _set = (delegate* unmanaged<nint, nint, nint, void>)_f.Native("hoset");
        _get = (delegate* unmanaged<nint, nint, nint>)_f.Native("hoget");
        _exists = (delegate* unmanaged<nint, nint, byte>)_f.Native("hoexists");
        _remove = (delegate* unmanaged<nint, nint, byte>)_f.Native("horemove");
        _keys = (delegate* unmanaged<nint, nint>)_f.Native("hokeys");
        _values = (delegate* unmanaged<nint, nint>)_f.Native("hovalues");
        _clear = (delegate* unmanaged<nint, void>)_f.Native("hoclear");
        _size = (delegate* unmanaged<nint, int>)_f.Native("hosize");
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Keys_compare_by_identity_not_content()
    {
        var m = _alloc();
        var s1 = _f.Runtime.Strings.NewString("same");
        var s2 = _f.Runtime.Strings.NewString("same");
        _set(m, s1, _f.Box(1));
        Assert.Equal(0, _exists(m, s2));
        Assert.Equal(0, _get(m, s2));
        _set(m, s2, _f.Box(2));
        Assert.Equal(1, MapFixture.Unbox(_get(m, s1)));
        Assert.Equal(2, MapFixture.Unbox(_get(m, s2)));
        _set(m, s1, _f.Box(3));
        Assert.Equal(3, MapFixture.Unbox(_get(m, s1)));
        Assert.Equal(2, _size(m));
        Assert.Equal(1, _remove(m, s1));
        Assert.Equal(0, _remove(m, s1));
        Assert.Equal(2, MapFixture.Unbox(_get(m, s2)));
        Assert.Equal(1, _size(m));
        var keys = _keys(m);
        _f.AssertArrayOf(TypeKind.Dyn, keys);
        _f.AssertArrayOf(TypeKind.Dyn, _values(m));
        Assert.Equal([s2], MapFixture.Elements<nint>(keys));
    }

    [Fact]
    public void Null_key_and_null_values_are_entries_like_any_other()
    {
        var m = _alloc();
        Assert.Equal(0, _exists(m, 0));
        _set(m, 0, _f.Box(7));
        Assert.Equal(1, _exists(m, 0));
        Assert.Equal(7, MapFixture.Unbox(_get(m, 0)));
        var k = _f.Box(1);
        _set(m, k, 0);
        Assert.Equal(1, _exists(m, k));
        Assert.Equal(0, _get(m, k));
        Assert.Equal(2, _size(m));
        Assert.Contains(0, MapFixture.Elements<nint>(_keys(m)));
        Assert.Equal(1, _remove(m, 0));
        Assert.Equal(0, _exists(m, 0));
        Assert.Null(_f.TakePendingError());
    }

    [Fact]
    public void Boxed_pointers_stand_for_the_pointer_they_wrap()
    {
        // Two dynamic wrappers of one bytes buffer are one key, and keys() yields the buffer itself.
        var m = _alloc();
        var bytes = _f.Utf16("buffer");
        nint Wrap()
        {
            var box = _f.Runtime.AllocateDynamic(_f.Runtime.Types.Builtin(TypeKind.Bytes));
            *(nint*)(box + ValueLayout.DynamicValue) = bytes;
            return box;
        }
        var w1 = Wrap();
        var w2 = Wrap();
        _set(m, w1, _f.Box(1));
        Assert.Equal(1, MapFixture.Unbox(_get(m, w2)));
        Assert.Equal([bytes], MapFixture.Elements<nint>(_keys(m)));
        Assert.Equal(1, _remove(m, w2));
        Assert.Equal(0, _size(m));
    }

    [Fact]
    public void A_virtual_stands_for_the_object_it_views()
    {
        var descriptor = (NativeTypeDescriptor*)NativeMemory.AllocZeroed((nuint)sizeof(NativeTypeDescriptor));
        try
        {
            descriptor->Kind = (int)TypeKind.Virtual;
            var obj = _f.Runtime.Strings.NewString("viewed");
            nint View()
            {
                var v = _f.Runtime.Heap.Allocate(ValueLayout.VirtualFields, Memory.BlockLayout.AllPointers);
                *(nint*)v = (nint)descriptor;
                *(nint*)(v + ValueLayout.VirtualValue) = obj;
                return v;
            }
            var m = _alloc();
            _set(m, View(), _f.Box(4));
            Assert.Equal(4, MapFixture.Unbox(_get(m, obj)));
            Assert.Equal(4, MapFixture.Unbox(_get(m, View())));
            Assert.Equal([obj], MapFixture.Elements<nint>(_keys(m)));
        }
        finally
        {
            NativeMemory.Free(descriptor);
        }
    }

    [Fact]
    public void Hundred_thousand_objects_with_removal_reinsertion_and_clear()
    {
        const int n = 100_000;
        var m = _alloc();
        var objs = new nint[n];
        for (var i = 0; i < n; i++)
        {
            objs[i] = _f.Box(i);
            _set(m, objs[i], objs[i]);
        }
        Assert.Equal(n, _size(m));
        for (var i = 0; i < n; i++)
            Assert.Equal(objs[i], _get(m, objs[i]));
        for (var i = 0; i < n; i += 2)
            Assert.Equal(1, _remove(m, objs[i]));
        for (var i = 0; i < n; i++)
            Assert.Equal(i % 2 == 1, _exists(m, objs[i]) != 0);
        for (var i = 0; i < n; i += 2)
            _set(m, objs[i], _f.Box(-i));
        Assert.Equal(n, _size(m));
        var keys = MapFixture.Elements<nint>(_keys(m));
        var values = MapFixture.Elements<nint>(_values(m));
        Assert.Equal(objs.Order(), keys.Order());
        for (var i = 0; i < n; i++)
            Assert.Equal(MapFixture.Unbox(keys[i]) % 2 == 1 ? MapFixture.Unbox(keys[i]) : -MapFixture.Unbox(keys[i]), MapFixture.Unbox(values[i]));
        _clear(m);
        Assert.Equal(0, _size(m));
        Assert.Equal(0, _exists(m, objs[1]));
    }

    [Fact]
    public void Entries_are_found_again_after_the_collector_moves_their_keys()
    {
        // Do what a moving collector would: copy each key elsewhere, update the map's key words,
        // then announce the move. Lookups by the new addresses must succeed.
        var m = _alloc();
        var objs = Enumerable.Range(0, 50).Select(_f.Box).ToArray();
        foreach (var o in objs)
            _set(m, o, o);
        var slots = ((nint*)m)[1];
        var capacity = (int)(Memory.Heap.SizeOf(slots) / 16);
        var moved = new Dictionary<nint, nint>();
        for (var s = 0; s < capacity; s++)
        {
            var key = ((nint*)slots)[2 * s];
            if (key == 0)
                continue;
            var copy = _f.Box(MapFixture.Unbox(key));
            moved[key] = copy;
            ((nint*)slots)[2 * s] = copy;
        }
        Assert.Equal(objs.Length, moved.Count);
        MapAddressEpoch.ObjectsMoved();
        foreach (var o in objs)
        {
            Assert.Equal(o, _get(m, moved[o]));
            Assert.Equal(0, _exists(m, o));
        }
        Assert.Equal(1, _remove(m, moved[objs[3]]));
        Assert.Equal(objs.Length - 1, _size(m));
    }
}
