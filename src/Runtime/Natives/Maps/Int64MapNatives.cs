using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Maps;

/// <summary>HashLink's int64-keyed map (std.hi64*): i64 keys, dynamic values; keys() is an array of i64.</summary>
public static class Int64MapNatives
{
    internal static nint Alloc() => HashTable<long, Int64Keys>.Alloc();

    internal static void Set(nint map, long key, nint value) => HashTable<long, Int64Keys>.Set(map, key, value);

    internal static nint Get(nint map, long key) => HashTable<long, Int64Keys>.Get(map, key);

    internal static bool Exists(nint map, long key) => HashTable<long, Int64Keys>.Exists(map, key);

    internal static bool Remove(nint map, long key) => HashTable<long, Int64Keys>.Remove(map, key);

    internal static nint Keys(nint map) => HashTable<long, Int64Keys>.Keys(map);

    internal static nint Values(nint map) => HashTable<long, Int64Keys>.Values(map);

    internal static void Clear(nint map) => HashTable<long, Int64Keys>.Clear(map);

    internal static int Size(nint map) => HashTable<long, Int64Keys>.Size(map);

    [HlNative("std", "hi64alloc"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Hi64Alloc() => Alloc();

    [HlNative("std", "hi64set"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Hi64Set(nint map, long key, nint value) => Set(map, key, value);

    [HlNative("std", "hi64get"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Hi64Get(nint map, long key) => Get(map, key);

    [HlNative("std", "hi64exists"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte Hi64Exists(nint map, long key) => Exists(map, key) ? (byte)1 : (byte)0;

    [HlNative("std", "hi64remove"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte Hi64Remove(nint map, long key) => Remove(map, key) ? (byte)1 : (byte)0;

    [HlNative("std", "hi64keys"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Hi64Keys(nint map) => Keys(map);

    [HlNative("std", "hi64values"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Hi64Values(nint map) => Values(map);

    [HlNative("std", "hi64clear"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Hi64Clear(nint map) => Clear(map);

    [HlNative("std", "hi64size"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Hi64Size(nint map) => Size(map);
}
