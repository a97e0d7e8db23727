namespace Vm.Runtime.Memory;

/// <summary>
/// The header word in front of every heap block (never visible to HL code; block addresses point after it):
/// <code>
///  bits  0..31  payload size in bytes (what was asked for, not rounded)
///  bits 32..35  layout tag (<see cref="BlockLayout"/>): how to find the block's references
///  bits 36..59  RuntimeType id for typed layouts (Instance, Virtual, Enum), 0 otherwise
///  bits 60..63  collector flags, all 0 until the collector uses them:
///               60 <see cref="Forwarded"/>   the block was copied; its first payload word holds the new address
///                                         (the header keeps size and tag so heap walks still work)
///               61 <see cref="Marked"/>      reached by the current marking
///               62 <see cref="Remembered"/>  an old block already recorded in the remembered set
///               63 <see cref="Aged"/>        a nursery block that survived one minor collection
/// </code>
/// Blocks are 8-byte aligned: the next header follows at <c>header + 8 + size</c> rounded up to 8.
/// </summary>
public static unsafe class BlockHeader
{
    public const int Size = 8;

    public const int SizeShift = 0;
    public const ulong SizeMask = 0xFFFF_FFFFUL;

    public const int LayoutShift = 32;
    public const ulong LayoutMask = 0xFUL;

    public const int TypeIdShift = 36;
    public const int TypeIdBits = 24;
    public const ulong TypeIdMask = (1UL << TypeIdBits) - 1;

    /// <summary>Largest RuntimeType id a header can hold.</summary>
    public const int MaxTypeId = (1 << TypeIdBits) - 1;

    /// <summary>Largest payload a header can describe.</summary>
    public const long MaxPayload = uint.MaxValue;

    public const int FlagsShift = 60;
    public const ulong Forwarded = 1UL << 60;
    public const ulong Marked = 1UL << 61;
    public const ulong Remembered = 1UL << 62;
    public const ulong Aged = 1UL << 63;
    public const ulong FlagsMask = 0xFUL << FlagsShift;

    /// <summary>The header word of a new block.</summary>
    public static ulong Make(long size, BlockLayout layout, int typeId)
    {
        if ((ulong)size > MaxPayload)
            throw new ArgumentOutOfRangeException(nameof(size), size, "payload too large for a block header");
        if (!layout.IsValid())
            throw new ArgumentOutOfRangeException(nameof(layout), layout, "not a block layout");
        if (layout.IsTyped() ? (uint)typeId > MaxTypeId : typeId != 0)
            throw new ArgumentOutOfRangeException(nameof(typeId), typeId, $"type id not valid for a {layout} block");
        return (ulong)size | ((ulong)layout << LayoutShift) | ((ulong)typeId << TypeIdShift);
    }

    public static long PayloadSize(ulong header) => (long)(header & SizeMask);

    public static BlockLayout Layout(ulong header) => (BlockLayout)((header >> LayoutShift) & LayoutMask);

    public static int TypeId(ulong header) => (int)((header >> TypeIdShift) & TypeIdMask);

    public static ulong Flags(ulong header) => header & FlagsMask;

    /// <summary>Bytes a block takes in its chunk: header plus payload, rounded up to 8.</summary>
    public static long Footprint(ulong header) => (Size + PayloadSize(header) + 7) & ~7L;

    /// <summary>The header word of a block (given by its payload address).</summary>
    public static ref ulong Of(nint block) => ref *(ulong*)(block - Size);

    public static long SizeOf(nint block) => PayloadSize(Of(block));

    public static BlockLayout LayoutOf(nint block) => Layout(Of(block));

    public static int TypeIdOf(nint block) => TypeId(Of(block));

    public static string Describe(ulong header) =>
        $"{Layout(header)}{(Layout(header).IsTyped() ? "#" + TypeId(header) : "")}, {PayloadSize(header)} bytes"
        + (Flags(header) != 0 ? $", flags 0x{Flags(header) >> FlagsShift:x}" : "");
}
