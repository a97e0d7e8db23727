using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Frontend.Model;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.Natives.Maps;

/// <summary>
/// hl.types.ObjectMap (behind haxe.ds.ObjectMap and EnumValueMap's fallback): keys are any
/// dynamic value compared by identity (null included), values are dynamic.
/// </summary>
public static unsafe class ObjectMapNatives
{
    internal static nint Alloc() => HashTable<nint, ObjectKeys>.Alloc();

    internal static void Set(nint map, nint key, nint value) => HashTable<nint, ObjectKeys>.Set(map, Identity(key), value);

    internal static nint Get(nint map, nint key) => HashTable<nint, ObjectKeys>.Get(map, Identity(key));

    internal static bool Exists(nint map, nint key) => HashTable<nint, ObjectKeys>.Exists(map, Identity(key));

    internal static bool Remove(nint map, nint key) => HashTable<nint, ObjectKeys>.Remove(map, Identity(key));

    internal static nint Keys(nint map) => HashTable<nint, ObjectKeys>.Keys(map);

    internal static nint Values(nint map) => HashTable<nint, ObjectKeys>.Values(map);

    internal static void Clear(nint map) => HashTable<nint, ObjectKeys>.Clear(map);

    internal static int Size(nint map) => HashTable<nint, ObjectKeys>.Size(map);

    /// <summary>
    /// The value whose identity a key stands for, as hl decides it: a boxed bytes, type, abstract
    /// or reference stands for the pointer it wraps (each boxing makes a new wrapper), and a virtual
    /// for the object it views, so every view of one object finds the same entry.
    /// </summary>
    /// <remarks>
    /// A virtual with no underlying object is its own key here; hl first turns it into a dynamic
    /// object it then views, which only matters if that object is later reached another way.
    /// </remarks>
    internal static nint Identity(nint key)
    {
        if (key == 0)
            return 0;
        switch ((TypeKind)((NativeTypeDescriptor*)*(nint*)key)->Kind)
        {
            case TypeKind.Virtual:
                var viewed = *(nint*)(key + ValueLayout.VirtualValue);
                return viewed != 0 ? viewed : key;
            case TypeKind.Bytes or TypeKind.Type or TypeKind.Abstract or TypeKind.Ref:
                return *(nint*)(key + ValueLayout.DynamicValue);
            default:
                return key;
        }
    }

    [HlNative("std", "hoalloc"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HoAlloc() => Alloc();

    [HlNative("std", "hoset"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void HoSet(nint map, nint key, nint value) => Set(map, key, value);

    [HlNative("std", "hoget"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HoGet(nint map, nint key) => Get(map, key);

    [HlNative("std", "hoexists"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte HoExists(nint map, nint key) => Exists(map, key) ? (byte)1 : (byte)0;

    [HlNative("std", "horemove"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte HoRemove(nint map, nint key) => Remove(map, key) ? (byte)1 : (byte)0;

    [HlNative("std", "hokeys"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HoKeys(nint map) => Keys(map);

    [HlNative("std", "hovalues"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HoValues(nint map) => Values(map);

    [HlNative("std", "hoclear"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void HoClear(nint map) => Clear(map);

    [HlNative("std", "hosize"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int HoSize(nint map) => Size(map);
}
