using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Natives.Std;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Natives.Files;

/// <summary>
/// hl's file_* natives (sys.io.File, FileInput, FileOutput, Sys.stdin/stdout/stderr): C stdio
/// streams behind abstract handles (see <see cref="FileHandles"/>). As in hl, a null handle gives a
/// failure result (-1, false, -2 for read_char, true for eof) and never an error; paths are UTF-8.
/// A handle used after it was closed behaves like a null one (hl would crash).
/// </summary>
public static unsafe class FileNatives
{
    [HlNative("std", "file_open"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Open(nint name, int mode, byte binary)
    {
        var index = mode | (binary != 0 ? 4 : 0);
        if (name == 0 || index is < 0 or > 7)
            return 0; // fopen(NULL) fails; hl indexes its mode table without checking
        var file = HostSystem.Current.Open((byte*)name, index);
        return file is null ? 0 : FileHandles.Register(file);
    }

    [HlNative("std", "file_close"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Close(nint f)
    {
        if (f != 0)
            FileHandles.Close(f);
    }

    [HlNative("std", "file_write"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Write(nint f, nint buffer, int pos, int length)
    {
        if (f == 0 || FileHandles.Get(f) is not { } file)
            return -1;
        if (length <= 0)
            return 0;
        if (buffer == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        return file.Write((byte*)buffer + pos, length);
    }

    [HlNative("std", "file_read"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Read(nint f, nint buffer, int pos, int length)
    {
        if (f == 0 || FileHandles.Get(f) is not { } file)
            return -1;
        if (length <= 0)
            return 0;
        if (buffer == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        return file.Read((byte*)buffer + pos, length);
    }

    [HlNative("std", "file_write_char"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte WriteChar(nint f, int c)
    {
        if (f == 0 || FileHandles.Get(f) is not { } file)
            return 0;
        var b = (byte)c;
        return file.Write(&b, 1) == 1 ? (byte)1 : (byte)0;
    }

    [HlNative("std", "file_read_char"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int ReadChar(nint f)
    {
        if (f == 0 || FileHandles.Get(f) is not { } file)
            return -2;
        byte b;
        return file.Read(&b, 1) == 1 ? b : -2;
    }

    [HlNative("std", "file_seek"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte Seek(nint f, int pos, int kind) =>
        f != 0 && FileHandles.Get(f) is { } file && file.Seek(pos, kind) ? (byte)1 : (byte)0;

    [HlNative("std", "file_tell"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Tell(nint f) => f != 0 && FileHandles.Get(f) is { } file ? (int)file.Tell() : -1;

    [HlNative("std", "file_seek2"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte Seek2(nint f, double pos, int kind) =>
        f != 0 && FileHandles.Get(f) is { } file && file.Seek(FileHandles.TruncateToInt64(pos), kind) ? (byte)1 : (byte)0;

    [HlNative("std", "file_tell2"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Tell2(nint f) => f != 0 && FileHandles.Get(f) is { } file ? file.Tell() : -1;

    [HlNative("std", "file_eof"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte Eof(nint f) => f == 0 || FileHandles.Get(f) is not { } file || file.Eof ? (byte)1 : (byte)0;

    [HlNative("std", "file_flush"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte Flush(nint f) => f != 0 && FileHandles.Get(f) is { } file && file.Flush() ? (byte)1 : (byte)0;

    [HlNative("std", "file_stdin"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Stdin() => FileHandles.Standard(FileHandles.StdinId);

    [HlNative("std", "file_stdout"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Stdout() => FileHandles.Standard(FileHandles.StdoutId);

    [HlNative("std", "file_stderr"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Stderr() => FileHandles.Standard(FileHandles.StderrId);

    /// <summary>Whether another process holds the file (Windows only in hl: false elsewhere).</summary>
    [HlNative("std", "file_is_locked"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte IsLocked(nint name) => 0;

    [HlNative("std", "file_error_code"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int ErrorCode() => FileHandles.LastErrorNumber;

    [HlNative("std", "file_contents"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Contents(nint name, int* size) => name == 0 ? 0 : ReadContents((byte*)name, size);

    /// <summary>
    /// hl's file_contents: the length is where a seek to the end lands (as an Int), read in full;
    /// with no size wanted the buffer gets a final zero (UTF-8 text). Null when the file cannot be
    /// opened, or when it turns out shorter than its length.
    /// </summary>
    internal static nint ReadContents(byte* name, int* size)
    {
        var file = HostSystem.Current.Open(name, 4);
        if (file is null)
            return 0;
        try
        {
            file.Seek(0, 2);
            var length = (int)file.Tell();
            if (size != null)
                *size = length;
            file.Seek(0, 0);
            // A 1-byte block for an empty result: hl returns a static "" there.
            var content = StdMemory.Alloc(Math.Max(1L, size != null ? length : length + 1L));
            if (content == 0)
                return 0;
            var p = 0;
            while (length - p > 0)
            {
                var n = file.Read((byte*)content + p, length - p);
                if (n <= 0)
                    return 0;
                p += n;
            }
            return content;
        }
        finally
        {
            file.Close();
        }
    }

    /// <summary>Flushes the program's standard output (before a child process writes to the same place).</summary>
    internal static void FlushStandardOutput()
    {
        var output = VmThread.Current.Runtime.StandardOutput;
        try
        {
            lock (output)
                output.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
        {
        }
    }
}
