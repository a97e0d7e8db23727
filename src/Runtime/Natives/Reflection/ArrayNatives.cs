using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Frontend.Model;
using Vm.Runtime.Dynamic;
using Vm.Runtime.Values;

namespace Vm.Runtime.Natives.Reflection;

/// <summary>Native arrays (hl.NativeArray): allocation, element type, block copy.</summary>
public static unsafe class ArrayNatives
{
    /// <summary>alloc_array(type, i32) -> array: zeroed elements; the shared empty array for size 0 of dynamics.</summary>
    [HlNative("std", "alloc_array")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint AllocArray(nint type, int size)
    {
        try
        {
            var s = DynamicState.Current;
            var at = s.FromNative(type);
            if (size == 0 && at.Kind == TypeKind.Dyn)
                return s.EmptyDynArray;
            if (size < 0)
                throw HlFailure.Error("Invalid array size");
            return HlArrays.Allocate(s.Runtime, at, size);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>array_type(array) -> type: the element type.</summary>
    [HlNative("std", "array_type")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint ArrayType(nint array)
    {
        if (array == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        return HlArrays.ElementType(array);
    }

    /// <summary>array_blit(dst, dpos, src, spos, len) -> void: memmove of elements, unchecked as in HashLink.</summary>
    [HlNative("std", "array_blit")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void ArrayBlit(nint dst, int dpos, nint src, int spos, int len)
    {
        try
        {
            if (dst == 0 || src == 0)
                throw HlFailure.Error("Null access");
            var s = DynamicState.Current;
            var size = HlArrays.ElementSize(s.FromNative(HlArrays.ElementType(dst)).Kind);
            var bytes = (long)len * size;
            if (bytes > 0)
            {
                var to = HlArrays.Data(dst) + (nint)dpos * size;
                Buffer.MemoryCopy((void*)(HlArrays.Data(src) + (nint)spos * size), (void*)to, bytes, bytes);
                if (HlTypeOps.IsPtr(s.FromNative(HlArrays.ElementType(dst))))
                    Gc.WriteBarrier.MarkRange(to, bytes);
            }
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
        }
    }
}
