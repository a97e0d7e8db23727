using System.Runtime.CompilerServices;
namespace Vm.Runtime.Gc;

/// <summary>
/// The write barrier for C# code (natives, runtime helpers): every store of a reference into a heap block
/// goes through <see cref="Store"/>, or is followed by <see cref="Mark"/> / <see cref="MarkRange"/>, so a
/// minor collection finds old blocks that point to young ones by their dirty cards. Stores into blocks
/// allocated since the last safepoint poll may skip it only when they are young; a block born old (large
/// arrays) needs it like any other. JIT code inlines the same test.
/// </summary>
public static unsafe class WriteBarrier
{
    /// <summary>Stores <paramref name="value"/> into the reference slot <paramref name="slot"/> and records the store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Store(nint slot, nint value)
    {
        *(nint*)slot = value;
        Mark(slot);
    }

    /// <summary>Records a reference just stored at <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Mark(nint slot)
    {
        var offset = (ulong)(slot - OldRegion.Start);
        if (offset < (ulong)OldRegion.Size)
            ((byte*)OldRegion.Cards.Base)[(nint)(offset >> CardTable.CardShift)] = 1;
    }

    /// <summary>Records references stored anywhere in [start, start + bytes) (block copies, blits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MarkRange(nint start, long bytes)
    {
        if (bytes <= 0)
            return;
        var first = (ulong)(start - OldRegion.Start);
        if (first >= (ulong)OldRegion.Size)
            return;
        var last = Math.Min(first + (ulong)bytes - 1, (ulong)OldRegion.Size - 1);
        var cards = (byte*)OldRegion.Cards.Base;
        for (var c = first >> CardTable.CardShift; c <= last >> CardTable.CardShift; c++)
            cards[(nint)c] = 1;
    }
}
