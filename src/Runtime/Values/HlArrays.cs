using System.Runtime.CompilerServices;
using Vm.Frontend.Model;
using Vm.Runtime.Memory;
using Vm.Runtime.Types;

namespace Vm.Runtime.Values;

/// <summary>Native arrays (varray): type, element type, size, then the elements inline.</summary>
public static unsafe class HlArrays
{
    /// <summary>Allocates an array of <paramref name="count"/> zeroed elements of <paramref name="elementType"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static nint Allocate(VmRuntime runtime, RuntimeType elementType, int count)
    {
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "negative array size");
        var elementSize = ElementSize(elementType.Kind);
        // The collector reads the element type to know whether to scan the elements.
        var a = runtime.Heap.Allocate(ValueLayout.ArrayData + (long)elementSize * count, BlockLayout.Array);
        *(nint*)a = runtime.Types.Builtin(TypeKind.Array).Native;
        *(nint*)(a + ValueLayout.ArrayElementType) = elementType.Native;
        *(int*)(a + ValueLayout.ArraySize) = count;
        return a;
    }

    /// <summary>Bytes per element: the storage size of the kind (pointers for every reference kind).</summary>
    public static int ElementSize(TypeKind kind) => Math.Max(1, TypeSizes.Size(kind));

    public static int Length(nint array) => *(int*)(array + ValueLayout.ArraySize);

    public static nint ElementType(nint array) => *(nint*)(array + ValueLayout.ArrayElementType);

    /// <summary>Address of the first element.</summary>
    public static nint Data(nint array) => array + ValueLayout.ArrayData;
}
