using Vm.Runtime.Memory;

namespace Vm.Runtime.Gc;

/// <summary>
/// Slots outside the heap that hold references and must be updated when blocks move: thread contexts'
/// exception values, host handles, values natives keep between calls, threads' <see cref="HandleStack"/>s. A slot is registered by address
/// (permanent or native memory, which never moves) and stays a root until unregistered.
/// </summary>
public sealed class RuntimeRoots
{
    private readonly Dictionary<nint, (ReferenceSlot Kind, string Name)> _slots = [];
    private readonly List<HandleStack> _handleStacks = [];
    private readonly Lock _lock = new();

    public void Add(nint slot, string name, ReferenceSlot kind = ReferenceSlot.Interior)
    {
        lock (_lock)
            _slots[slot] = (kind, name);
    }

    public void Remove(nint slot)
    {
        lock (_lock)
            _slots.Remove(slot);
    }

    /// <summary>Makes the handles of a thread's <see cref="HandleStack"/> roots until <see cref="RemoveHandles"/>.</summary>
    public void AddHandles(HandleStack handles)
    {
        lock (_lock)
            _handleStacks.Add(handles);
    }

    public void RemoveHandles(HandleStack handles)
    {
        lock (_lock)
            _handleStacks.Remove(handles);
    }

    public void ForEach(RootVisitor visit)
    {
        KeyValuePair<nint, (ReferenceSlot Kind, string Name)>[] slots;
        HandleStack[] handleStacks;
        lock (_lock)
        {
            slots = [.. _slots];
            handleStacks = [.. _handleStacks];
        }
        foreach (var (slot, (kind, name)) in slots)
            visit(slot, kind, new RootName(name));
        foreach (var handles in handleStacks)
            handles.ForEach(visit);
    }
}
