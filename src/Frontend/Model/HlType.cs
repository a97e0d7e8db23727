namespace Vm.Frontend.Model;

/// <summary>
/// One entry of the module's type table. Kind-specific data lives in exactly one of
/// <see cref="Function"/>, <see cref="Object"/>, <see cref="VirtualFields"/>, <see cref="Enum"/>,
/// <see cref="Param"/> or <see cref="AbstractName"/>. Types refer to each other directly (cycles allowed).
/// </summary>
public sealed class HlType
{
    internal HlType(int index, TypeKind kind)
    {
        Index = index;
        Kind = kind;
    }

    /// <summary>Position in the module's type table.</summary>
    public int Index { get; }

    public TypeKind Kind { get; }

    /// <summary>Signature, for <see cref="TypeKind.Fun"/> and <see cref="TypeKind.Method"/>.</summary>
    public FunctionSignature? Function { get; internal set; }

    /// <summary>Layout, for <see cref="TypeKind.Obj"/> and <see cref="TypeKind.Struct"/>.</summary>
    public ObjectTypeInfo? Object { get; internal set; }

    /// <summary>Fields, for <see cref="TypeKind.Virtual"/>.</summary>
    public IReadOnlyList<HlField>? VirtualFields { get; internal set; }

    /// <summary>Constructors, for <see cref="TypeKind.Enum"/>.</summary>
    public EnumTypeInfo? Enum { get; internal set; }

    /// <summary>Parameter type, for <see cref="TypeKind.Ref"/>, <see cref="TypeKind.Null"/> and <see cref="TypeKind.Packed"/>.</summary>
    public HlType? Param { get; internal set; }

    /// <summary>Name, for <see cref="TypeKind.Abstract"/>.</summary>
    public string? AbstractName { get; internal set; }

    public override string ToString() => TypeNames.Format(this);
}
