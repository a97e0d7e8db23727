using Vm.Runtime.Gc;
using Vm.Runtime.Memory;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Tests.Gc;

/// <summary>A thread's handle stack: references C# code keeps across callbacks are roots and follow their objects when they move.</summary>
public sealed unsafe class HandleStackTests : IDisposable
{
    private readonly TestHeap _h = new();

    private nint Bytes(string text) => _h.Bytes(text);
    private static string Text(nint b) => TestHeap.Text(b);

    [Fact]
    public void Handles_keep_objects_alive_and_follow_them_when_they_move()
    {
        using var thread = new VmThread(_h.Runtime);
        var handles = thread.Handles;
        var mark = handles.Count;
        var whole = handles.Push(Bytes("kept"));
        var interior = handles.Push(Bytes("offset") + 2);
        var none = handles.Push(0);
        var before = handles[whole];
        for (var i = 0; i < 1000; i++)
            Bytes("garbage");
        _h.Runtime.Collector.CollectNow(full: false);
        Assert.NotEqual(before, handles[whole]);
        Assert.Equal("kept", Text(handles[whole]));
        Assert.Equal((byte)'f', *(byte*)handles[interior]);
        Assert.Equal(0, handles[none]);
        _h.Runtime.Collector.CollectNow(full: true);
        Assert.Equal("kept", Text(handles[whole]));
        Assert.Equal("fset", new string((sbyte*)handles[interior], 0, 4));
        Assert.Empty(HeapVerifier.Verify(_h.Runtime));
        handles.Release(mark);
        Assert.Equal(mark, handles.Count);
    }

    [Fact]
    public void The_stack_grows_past_its_first_capacity_and_released_handles_are_no_longer_roots()
    {
        using var thread = new VmThread(_h.Runtime);
        var handles = thread.Handles;
        var first = new List<int>();
        for (var i = 0; i < 1000; i++)
            first.Add(handles.Push(Bytes("h" + i)));
        _h.Runtime.Collector.CollectNow(full: true);
        for (var i = 0; i < 1000; i++)
            Assert.Equal("h" + i, Text(handles[first[i]]));
        handles.Release(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => handles[0]);
        var roots = 0;
        _h.Runtime.Roots.ForEach((_, _, name) => roots += name.What == "runtime handle" ? 1 : 0);
        Assert.Equal(0, roots);
    }

    public void Dispose() => _h.Dispose();
}
