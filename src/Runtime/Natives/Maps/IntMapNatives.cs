using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Maps;

/// <summary>hl.types.IntMap (behind haxe.ds.IntMap): int keys, dynamic values; keys() is an array of i32.</summary>
public static class IntMapNatives
{
    internal static nint Alloc() => HashTable<int, IntKeys>.Alloc();

    internal static void Set(nint map, int key, nint value) => HashTable<int, IntKeys>.Set(map, key, value);

    internal static nint Get(nint map, int key) => HashTable<int, IntKeys>.Get(map, key);

    internal static bool Exists(nint map, int key) => HashTable<int, IntKeys>.Exists(map, key);

    internal static bool Remove(nint map, int key) => HashTable<int, IntKeys>.Remove(map, key);

    internal static nint Keys(nint map) => HashTable<int, IntKeys>.Keys(map);

    internal static nint Values(nint map) => HashTable<int, IntKeys>.Values(map);

    internal static void Clear(nint map) => HashTable<int, IntKeys>.Clear(map);

    internal static int Size(nint map) => HashTable<int, IntKeys>.Size(map);

    [HlNative("std", "hialloc"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HiAlloc() => Alloc();

    [HlNative("std", "hiset"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void HiSet(nint map, int key, nint value) => Set(map, key, value);

    [HlNative("std", "higet"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HiGet(nint map, int key) => Get(map, key);

    [HlNative("std", "hiexists"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte HiExists(nint map, int key) => Exists(map, key) ? (byte)1 : (byte)0;

    [HlNative("std", "hiremove"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte HiRemove(nint map, int key) => Remove(map, key) ? (byte)1 : (byte)0;

    [HlNative("std", "hikeys"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HiKeys(nint map) => Keys(map);

    [HlNative("std", "hivalues"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HiValues(nint map) => Values(map);

    [HlNative("std", "hiclear"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void HiClear(nint map) => Clear(map);

    [HlNative("std", "hisize"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int HiSize(nint map) => Size(map);
}
