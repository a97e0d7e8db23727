using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Maps;

/// <summary>
/// hl.types.BytesMap (behind haxe.ds.StringMap): keys are zero-terminated UTF-16 buffers compared
/// by content and kept by reference, values are dynamic. A null key raises "Null access" (hl reads it).
/// </summary>
public static class BytesMapNatives
{
    internal static nint Alloc() => HashTable<nint, BytesKeys>.Alloc();

    internal static void Set(nint map, nint key, nint value)
    {
        if (key == 0)
            HlErrors.NullAccess();
        else
            HashTable<nint, BytesKeys>.Set(map, key, value);
    }

    internal static nint Get(nint map, nint key)
    {
        if (key != 0)
            return HashTable<nint, BytesKeys>.Get(map, key);
        HlErrors.NullAccess();
        return 0;
    }

    internal static bool Exists(nint map, nint key)
    {
        if (key != 0)
            return HashTable<nint, BytesKeys>.Exists(map, key);
        HlErrors.NullAccess();
        return false;
    }

    internal static bool Remove(nint map, nint key)
    {
        if (key != 0)
            return HashTable<nint, BytesKeys>.Remove(map, key);
        HlErrors.NullAccess();
        return false;
    }

    internal static nint Keys(nint map) => HashTable<nint, BytesKeys>.Keys(map);

    internal static nint Values(nint map) => HashTable<nint, BytesKeys>.Values(map);

    internal static void Clear(nint map) => HashTable<nint, BytesKeys>.Clear(map);

    internal static int Size(nint map) => HashTable<nint, BytesKeys>.Size(map);

    [HlNative("std", "hballoc"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HbAlloc() => Alloc();

    [HlNative("std", "hbset"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void HbSet(nint map, nint key, nint value) => Set(map, key, value);

    [HlNative("std", "hbget"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HbGet(nint map, nint key) => Get(map, key);

    [HlNative("std", "hbexists"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte HbExists(nint map, nint key) => Exists(map, key) ? (byte)1 : (byte)0;

    [HlNative("std", "hbremove"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte HbRemove(nint map, nint key) => Remove(map, key) ? (byte)1 : (byte)0;

    [HlNative("std", "hbkeys"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HbKeys(nint map) => Keys(map);

    [HlNative("std", "hbvalues"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HbValues(nint map) => Values(map);

    [HlNative("std", "hbclear"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void HbClear(nint map) => Clear(map);

    [HlNative("std", "hbsize"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int HbSize(nint map) => Size(map);
}
