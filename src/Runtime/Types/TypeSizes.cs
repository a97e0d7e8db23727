using System.Runtime.CompilerServices;
using Vm.Frontend.Model;

namespace Vm.Runtime.Types;

/// <summary>Storage size and alignment of each type kind in fields, registers and arrays (x86-64).</summary>
public static class TypeSizes
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Size(TypeKind kind) => kind switch
    {
        TypeKind.Void or TypeKind.Packed => 0,
        TypeKind.UI8 or TypeKind.Bool => 1,
        TypeKind.UI16 => 2,
        TypeKind.I32 or TypeKind.F32 => 4,
        _ => 8,
    };

    public static int Align(TypeKind kind) => kind == TypeKind.Void ? 1 : Math.Max(1, Size(kind));

    /// <summary>Padding needed before a field of <paramref name="kind"/> placed at <paramref name="offset"/>.</summary>
    public static int Padding(int offset, TypeKind kind)
    {
        if (kind is TypeKind.Void)
            return 0;
        var align = kind == TypeKind.Packed ? 8 : Align(kind);
        return (-offset) & (align - 1);
    }
}
