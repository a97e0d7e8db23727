namespace Vm.Runtime.Gc;

/// <summary>Kinds of stack-map locations (LLVM stack map format v3).</summary>
public enum LocationKind : byte
{
    Register = 1,
    Direct = 2,
    Indirect = 3,
    Constant = 4,
    ConstantIndex = 5,
}

/// <summary>
/// Where a value lives at a safepoint: in a register, at [reg + offset] (Indirect), or the address
/// reg + offset itself (Direct, e.g. a stack slot), or a constant.
/// </summary>
public readonly record struct StackMapLocation(LocationKind Kind, ushort Size, ushort DwarfRegister, int Offset)
{
    public const ushort Rbp = 6;
    public const ushort Rsp = 7;
}

/// <summary>A reference live across a safepoint: its base object and the (possibly interior) pointer derived from it.</summary>
public readonly record struct RootPair(StackMapLocation Base, StackMapLocation Derived);

/// <summary>The references live at one safepoint (a call's return address).</summary>
public sealed record SafepointRoots(long Id, IReadOnlyList<RootPair> Roots);
