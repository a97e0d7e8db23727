using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Frontend.Model;
using Vm.Runtime.Natives.Std;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;

namespace Vm.Runtime.Natives.Files;

/// <summary>
/// hl's file-system natives (sys.FileSystem, Sys.setCwd): one system call each, failures answered
/// with false or null (the Haxe side turns them into SysError). Paths are UTF-8; a null path fails
/// like the C call given NULL does (EFAULT), except sys_read_dir where hl reads through it.
/// </summary>
public static unsafe class FileSystemNatives
{
    /// <summary>hl's sys_stat array: 12 Ints, of which the first 11 are filled.</summary>
    public const int StatArrayLength = 12;

    [HlNative("std", "sys_exists"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte Exists(nint path) => path != 0 && HostSystem.Current.Stat((byte*)path) is not null ? (byte)1 : (byte)0;

    [HlNative("std", "sys_is_dir"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte IsDirectory(nint path) =>
        path != 0 && HostSystem.Current.Stat((byte*)path) is { } s && (s.Mode & FileStatus.DirectoryBit) != 0 ? (byte)1 : (byte)0;

    [HlNative("std", "sys_stat"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Stat(nint path)
    {
        if (path == 0 || HostSystem.Current.Stat((byte*)path) is not { } status)
            return 0;
        var rt = VmThread.Current.Runtime;
        nint array;
        try
        {
            array = HlArrays.Allocate(rt, rt.Types.Builtin(TypeKind.I32), StatArrayLength);
        }
        catch (OutOfMemoryException)
        {
            HlErrors.Raise("Out of memory");
            return 0;
        }
        var data = (int*)HlArrays.Data(array);
        var values = status.ToArray();
        for (var i = 0; i < values.Length; i++)
            data[i] = unchecked((int)values[i]);
        return array;
    }

    [HlNative("std", "sys_rename"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte Rename(nint path, nint newName) =>
        path != 0 && newName != 0 && HostSystem.Current.Rename((byte*)path, (byte*)newName) ? (byte)1 : (byte)0;

    [HlNative("std", "sys_delete"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte Delete(nint path) => path != 0 && HostSystem.Current.Delete((byte*)path) ? (byte)1 : (byte)0;

    [HlNative("std", "sys_create_dir"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte CreateDirectory(nint path, int mode) =>
        path != 0 && HostSystem.Current.CreateDirectory((byte*)path, mode) ? (byte)1 : (byte)0;

    [HlNative("std", "sys_remove_dir"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte RemoveDirectory(nint path) => path != 0 && HostSystem.Current.RemoveDirectory((byte*)path) ? (byte)1 : (byte)0;

    [HlNative("std", "sys_set_cwd"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte SetCwd(nint path) => path != 0 && HostSystem.Current.SetCurrentDirectory((byte*)path) ? (byte)1 : (byte)0;

    [HlNative("std", "sys_read_dir"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint ReadDirectory(nint path)
    {
        if (path == 0)
        {
            HlErrors.NullAccess(); // opendir reads the name's first byte
            return 0;
        }
        return HostSystem.Current.ReadDirectory((byte*)path) is { } names ? BytesArray(names) : 0;
    }

    [HlNative("std", "sys_full_path"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint FullPath(nint path) =>
        path != 0 && HostSystem.Current.FullPath((byte*)path) is { } full ? StdMemory.BytesZ(full) : 0;

    /// <summary>A native array of zero-terminated byte copies (hl.NativeArray&lt;hl.Bytes&gt;).</summary>
    internal static nint BytesArray(IReadOnlyList<byte[]> items)
    {
        var rt = VmThread.Current.Runtime;
        nint array;
        try
        {
            array = HlArrays.Allocate(rt, rt.Types.Builtin(TypeKind.Bytes), items.Count);
        }
        catch (OutOfMemoryException)
        {
            HlErrors.Raise("Out of memory");
            return 0;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var bytes = StdMemory.BytesZ(items[i]);
            if (bytes == 0)
                return 0;
            Gc.WriteBarrier.Store(HlArrays.Data(array) + 8 * i, bytes);
        }
        return array;
    }
}
