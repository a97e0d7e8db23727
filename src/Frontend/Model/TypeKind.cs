namespace Vm.Frontend.Model;

/// <summary>HashLink type kinds, numbered as in the bytecode format.</summary>
public enum TypeKind : byte
{
    Void = 0,
    UI8 = 1,
    UI16 = 2,
    I32 = 3,
    I64 = 4,
    F32 = 5,
    F64 = 6,
    Bool = 7,
    Bytes = 8,
    Dyn = 9,
    Fun = 10,
    Obj = 11,
    Array = 12,
    Type = 13,
    Ref = 14,
    Virtual = 15,
    DynObj = 16,
    Abstract = 17,
    Enum = 18,
    Null = 19,
    Method = 20,
    Struct = 21,
    Packed = 22,
    Guid = 23,
}

public static class TypeKinds
{
    /// <summary>Number of type kinds the format defines.</summary>
    public const int Count = 24;

    /// <summary>Kinds stored as a GC reference in registers and fields (everything but scalars and void).</summary>
    public static bool IsPointer(this TypeKind kind) => kind switch
    {
        TypeKind.Void or TypeKind.UI8 or TypeKind.UI16 or TypeKind.I32 or TypeKind.I64
            or TypeKind.F32 or TypeKind.F64 or TypeKind.Bool or TypeKind.Guid => false,
        _ => true,
    };
}
