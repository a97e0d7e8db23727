using System.Runtime.CompilerServices;
namespace Vm.Runtime.Memory;

/// <summary>
/// The header word in front of every heap block (never visible to HL code; block addresses point after it):
/// <code>
///  bits  0..31  payload size in bytes (what was asked for, not rounded)
///  bits 32..35  layout tag (<see cref="BlockLayout"/>): how to find the block's references
///  bits 36..55  RuntimeType id for typed layouts (Instance, Virtual, Enum), 0 otherwise
///  bits 56..59  age: minor collections a young block has survived
///  bits 60..63  collector flags:
///               60 <see cref="Forwarded"/>   the block was copied; its first payload word holds the new address
///                                         (the header keeps size and tag so heap walks still work)
///               61 <see cref="Marked"/>      reached by the current marking
///               62, 63                       free
/// </code>
/// Blocks are 8-byte aligned and take at least 16 bytes (room for a forwarding address): the next header
/// follows at <see cref="FootprintOf"/>(size) bytes from this one. In the young generation a header word
/// of 0 is an 8-byte gap (the end of a buffer too short for a filler block), skipped by heap walks.
/// </summary>
public static unsafe class BlockHeader
{
    public const int Size = 8;

    public const int SizeShift = 0;
    public const ulong SizeMask = 0xFFFF_FFFFUL;

    public const int LayoutShift = 32;
    public const ulong LayoutMask = 0xFUL;

    public const int TypeIdShift = 36;
    public const int TypeIdBits = 20;
    public const ulong TypeIdMask = (1UL << TypeIdBits) - 1;

    /// <summary>Largest RuntimeType id a header can hold.</summary>
    public const int MaxTypeId = (1 << TypeIdBits) - 1;

    /// <summary>Largest payload a header can describe.</summary>
    public const long MaxPayload = uint.MaxValue;

    public const int AgeShift = 56;
    public const ulong AgeMask = 0xFUL << AgeShift;

    /// <summary>Largest age a header can count.</summary>
    public const int MaxAge = 15;

    public const int FlagsShift = 60;
    public const ulong Forwarded = 1UL << 60;
    public const ulong Marked = 1UL << 61;
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long PayloadSize(ulong header) => (long)(header & SizeMask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockLayout Layout(ulong header) => (BlockLayout)((header >> LayoutShift) & LayoutMask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TypeId(ulong header) => (int)((header >> TypeIdShift) & TypeIdMask);

    public static ulong Flags(ulong header) => header & FlagsMask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Age(ulong header) => (int)((header & AgeMask) >> AgeShift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong WithAge(ulong header, int age) => (header & ~AgeMask) | ((ulong)age << AgeShift);

    /// <summary>The header without age and collector flags (what the block was allocated with).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Shape(ulong header) => header & ~(AgeMask | FlagsMask);

    /// <summary>Bytes a block takes in its chunk: header plus payload, rounded up to 8, at least 16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Footprint(ulong header) => FootprintOf(PayloadSize(header));

    /// <summary>Bytes a block of <paramref name="payload"/> bytes takes (what allocation, inline or not, reserves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FootprintOf(long payload) => Math.Max(16, (Size + payload + 7) & ~7L);

    /// <summary>The header word of a block (given by its payload address).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref ulong Of(nint block) => ref *(ulong*)(block - Size);

    public static long SizeOf(nint block) => PayloadSize(Of(block));

    public static BlockLayout LayoutOf(nint block) => Layout(Of(block));

    public static int TypeIdOf(nint block) => TypeId(Of(block));

    public static string Describe(ulong header) =>
        $"{Layout(header)}{(Layout(header).IsTyped() ? "#" + TypeId(header) : "")}, {PayloadSize(header)} bytes"
        + (Age(header) != 0 ? $", age {Age(header)}" : "")
        + (Flags(header) != 0 ? $", flags 0x{Flags(header) >> FlagsShift:x}" : "");
}
