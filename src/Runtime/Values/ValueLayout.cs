namespace Vm.Runtime.Values;

/// <summary>
/// Byte offsets of HL runtime values, laid out as HashLink lays them out (x86-64). JIT code and
/// natives both use these; every heap value starts with its type descriptor pointer.
/// </summary>
public static class ValueLayout
{
    public const int PointerSize = 8;

    /// <summary>Every object: the type descriptor pointer.</summary>
    public const int TypeOffset = 0;

    /// <summary>Boxed value (vdynamic): type, then the value.</summary>
    public const int DynamicValue = 8;
    public const int DynamicSize = 16;

    /// <summary>Native array (varray): type, element type, size, then the elements.</summary>
    public const int ArrayElementType = 8;
    public const int ArraySize = 16;
    public const int ArrayData = 24;

    /// <summary>Closure (vclosure): type, function, has-value flag, bound value.</summary>
    public const int ClosureFunction = 8;
    public const int ClosureHasValue = 16;
    public const int ClosureValue = 24;
    public const int ClosureSize = 32;

    /// <summary>Enum value (venum): type, constructor index, then the constructor's parameters.</summary>
    public const int EnumIndex = 8;
    public const int EnumFirstParam = 12;

    /// <summary>Virtual (vvirtual): type, the object it views (or null), next view, then one field pointer per field.</summary>
    public const int VirtualValue = 8;
    public const int VirtualNext = 16;
    public const int VirtualFields = 24;
}
