using Vm.Runtime.Memory;

namespace Vm.Runtime.Gc;

/// <summary>
/// Finalizers of blocks that own resources outside the heap (compiled regular expressions, …): an action
/// registered with a block runs once the block is found dead by a collection, after the collection has
/// finished (never during it), on the thread that collected. The action must not touch the block (its
/// memory is reused): it captures what it frees when it is registered.
/// </summary>
public sealed class Finalizers
{
    private readonly List<(nint Block, Action Finalize)> _entries = [];
    private readonly List<Action> _due = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
                return _entries.Count;
        }
    }

    /// <summary>Finalizers run so far.</summary>
    public long Ran { get; private set; }

    public void Register(nint block, Action finalize)
    {
        lock (_lock)
            _entries.Add((block, finalize));
    }

    /// <summary>
    /// After a minor evacuation (from-space headers still intact): young blocks that were copied are
    /// followed to their new address, the others are dead.
    /// </summary>
    internal unsafe void AfterEvacuation(YoungGeneration young)
    {
        lock (_lock)
        {
            for (var i = _entries.Count - 1; i >= 0; i--)
            {
                var (block, finalize) = _entries[i];
                if (!young.InFromSpace(block))
                    continue;
                var header = BlockHeader.Of(block);
                if ((header & BlockHeader.Forwarded) != 0)
                    _entries[i] = (*(nint*)block, finalize);
                else
                    Due(i);
            }
        }
    }

    /// <summary>After the mark phase of a full collection (before sweeping): unmarked old blocks are dead.</summary>
    internal void AfterMarking(OldSpace old)
    {
        lock (_lock)
        {
            for (var i = _entries.Count - 1; i >= 0; i--)
            {
                var cell = _entries[i].Block - BlockHeader.Size;
                if (old.InRange(cell) && !OldSpace.IsMarked(cell))
                    Due(i);
            }
        }
    }

    private void Due(int index)
    {
        _due.Add(_entries[index].Finalize);
        _entries[index] = _entries[^1];
        _entries.RemoveAt(_entries.Count - 1);
    }

    /// <summary>Runs every finalizer still registered (the heap goes away).</summary>
    internal void RunAll()
    {
        lock (_lock)
        {
            foreach (var (_, finalize) in _entries)
                _due.Add(finalize);
            _entries.Clear();
        }
        RunDue();
    }

    /// <summary>Runs the finalizers of the blocks found dead (after the collection).</summary>
    internal void RunDue()
    {
        Action[] due;
        lock (_lock)
        {
            if (_due.Count == 0)
                return;
            due = [.. _due];
            _due.Clear();
        }
        foreach (var finalize in due)
        {
            finalize();
            Ran++;
        }
    }
}
