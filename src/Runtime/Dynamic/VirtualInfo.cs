using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// A virtual type's fields (declaration order, which is also the order of the field pointers after the
/// header) and its lookup table sorted by field-name hash, as hl_init_virtual builds them.
/// </summary>
public sealed class VirtualInfo
{
    internal VirtualInfo(DynamicState s, RuntimeType type)
    {
        Type = type;
        var fields = type.Source!.VirtualFields!;
        Count = fields.Count;
        Names = fields.Select(f => f.Name).ToArray();
        Hashes = fields.Select(f => s.Hash(f.Name)).ToArray();
        FieldTypes = fields.Select(f => s.Types[f.Type]).ToArray();
        var layout = type.Virtual!;
        DataOffsets = layout.DataOffsets.ToArray();
        DataStart = ValueLayout.VirtualFields + 8 * Count;
        DataSize = layout.Size - DataStart;
        Lookup = Enumerable.Range(0, Count).OrderBy(i => Hashes[i]).ToArray();
        SortedHashes = Lookup.Select(i => Hashes[i]).ToArray();
    }

    public RuntimeType Type { get; }
    public int Count { get; }
    public string[] Names { get; }
    public int[] Hashes { get; }
    public RuntimeType[] FieldTypes { get; }

    /// <summary>Offset of each field's own storage from the start of a virtual allocated with its own data.</summary>
    public int[] DataOffsets { get; }

    /// <summary>Where the own storage starts (after the field pointers) and its size.</summary>
    public int DataStart { get; }
    public int DataSize { get; }

    /// <summary>Field indices in hash order (hl's virt->lookup).</summary>
    public int[] Lookup { get; }

    public int[] SortedHashes { get; }

    /// <summary>The declaration index of the field with hash <paramref name="hash"/>, or -1.</summary>
    public int Find(int hash)
    {
        var i = Array.BinarySearch(SortedHashes, hash);
        return i >= 0 ? Lookup[i] : -1;
    }
}
