using System.Runtime.CompilerServices;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Natives.Threads;

/// <summary>
/// Managed objects behind abstract HL handles (mutexes...): the handle is a small heap block holding
/// an id; the objects hold no HL pointers, so the collector never needs to see them.
/// </summary>
internal sealed unsafe class HandleTable
{
    private static readonly ConditionalWeakTable<VmRuntime, HandleTable> Tables = new();
    private readonly List<object> _objects = [];
    private readonly VmRuntime _runtime;

    private HandleTable(VmRuntime runtime) => _runtime = runtime;

    public static HandleTable For(VmRuntime runtime) => Tables.GetValue(runtime, r => new HandleTable(r));

    public nint Add(object o)
    {
        int id;
        lock (_objects)
        {
            id = _objects.Count;
            _objects.Add(o);
        }
        var handle = _runtime.Heap.Allocate(8, BlockLayout.NoPointers);
        *(long*)handle = id;
        return handle;
    }

    public object? Get(nint handle)
    {
        var id = *(long*)handle;
        lock (_objects)
            return id >= 0 && id < _objects.Count ? _objects[(int)id] : null;
    }
}
