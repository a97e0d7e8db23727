using System.Runtime.CompilerServices;
namespace Vm.Runtime.Gc;

/// <summary>
/// One byte per 512-byte card of the old generation's range: set by the write barrier when a reference
/// is stored into the card, so a minor collection scans only dirty cards of the old generation instead of
/// all of it. The table is reserved address space, touched only where cards are dirtied.
/// </summary>
public sealed unsafe class CardTable : IDisposable
{
    public const int CardShift = 9;
    public const int CardSize = 1 << CardShift;

    private readonly ReservedRegion _table;

    internal CardTable(ReservedRegion covered)
    {
        CoveredStart = (covered.Start + OldSpacePage.Size - 1) & ~(nint)(OldSpacePage.Size - 1);
        CoveredSize = covered.End - CoveredStart;
        var bytes = ((CoveredSize >> CardShift) + 4095) & ~4095L;
        _table = new ReservedRegion(bytes);
        _table.Commit(_table.Start, _table.Size);
    }

    /// <summary>Address of the table; card i of the covered range is byte i (what JIT barriers index).</summary>
    public nint Base => _table.Start;

    public nint CoveredStart { get; }

    public long CoveredSize { get; }

    private bool Covers(nint address) => (ulong)(address - CoveredStart) < (ulong)CoveredSize;

    private byte* CardOf(nint address) => (byte*)_table.Start + ((address - CoveredStart) >> CardShift);

    /// <summary>The card byte of <paramref name="address"/> (the cards of a range follow it).</summary>
    public byte* CardAddress(nint address) => CardOf(address);

    /// <summary>Marks the card of <paramref name="address"/> dirty (what the barrier does in IR).</summary>
    public void Dirty(nint address)
    {
        if (Covers(address))
            *CardOf(address) = 1;
    }

    public bool IsDirty(nint address) => Covers(address) && *CardOf(address) != 0;

    /// <summary>Whether any card of [from, to) is dirty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool AnyDirty(nint from, nint to)
    {
        var p = CardOf(from);
        var end = CardOf(to - 1);
        for (; p + 8 <= end + 1; p += 8)
            if (*(ulong*)p != 0)
                return true;
        for (; p <= end; p++)
            if (*p != 0)
                return true;
        return false;
    }

    /// <summary>Visits and clears the dirty cards between two addresses of the covered range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void TakeDirty(nint from, nint to, Action<nint> visitCardStart)
    {
        var first = (from - CoveredStart) >> CardShift;
        var last = (to - 1 - CoveredStart) >> CardShift;
        var table = (byte*)_table.Start;
        for (var i = first; i <= last; i++)
        {
            if (table[i] == 0)
                continue;
            table[i] = 0;
            visitCardStart(CoveredStart + (i << CardShift));
        }
    }

    /// <summary>Clears the cards of [start, start + size) (pages given back).</summary>
    public void Clear(nint start, long size)
    {
        if (size > 0 && Covers(start))
            new Span<byte>(CardOf(start), (int)(size >> CardShift)).Clear();
    }

    public void Dispose() => _table.Dispose();
}
