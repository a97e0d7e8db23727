namespace Vm.Runtime.Gc;

/// <summary>
/// One byte per 512-byte card of the old generation's region: set by the write barrier when a
/// reference to a young object is stored into the card, so a minor collection scans only dirty cards
/// of the old generation instead of all of it. The table itself is reserved address space, touched
/// only where cards are dirtied.
/// </summary>
public sealed unsafe class CardTable : IDisposable
{
    public const int CardShift = 9;
    public const int CardSize = 1 << CardShift;

    private readonly ReservedRegion _table;

    internal CardTable(ReservedRegion covered)
    {
        Covered = covered;
        var bytes = ((covered.Size >> CardShift) + 4095) & ~4095L;
        _table = new ReservedRegion(bytes);
        _table.Commit(_table.Start, _table.Size);
    }

    internal ReservedRegion Covered { get; }

    /// <summary>Address of the table; card i of the covered region is byte i (what JIT barriers index).</summary>
    public nint Base => _table.Start;

    public nint CoveredStart => Covered.Start;

    /// <summary>Marks the card of <paramref name="address"/> dirty (what the barrier does in IR).</summary>
    public void Dirty(nint address)
    {
        if (Covered.Contains(address))
            ((byte*)_table.Start)[(address - Covered.Start) >> CardShift] = 1;
    }

    public bool IsDirty(nint address) =>
        Covered.Contains(address) && ((byte*)_table.Start)[(address - Covered.Start) >> CardShift] != 0;

    /// <summary>Visits and clears the dirty cards between two addresses of the covered region.</summary>
    public void TakeDirty(nint from, nint to, Action<nint> visitCardStart)
    {
        var first = (from - Covered.Start) >> CardShift;
        var last = (to - 1 - Covered.Start) >> CardShift;
        var table = (byte*)_table.Start;
        for (var i = first; i <= last; i++)
        {
            if (table[i] == 0)
                continue;
            table[i] = 0;
            visitCardStart(Covered.Start + (i << CardShift));
        }
    }

    public void Dispose() => _table.Dispose();
}
