using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Vm.Frontend.Model;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;

namespace Vm.Runtime.Natives.Std;

/// <summary>
/// hl's sys_* natives as hl behaves on Linux: paths, environment and arguments are UTF-8 bytes
/// (sys_utf8_path is true, so Haxe converts with utf16ToUtf8 / String.fromUTF8), output is the
/// UTF-8 form of the UTF-16 text, flushed at once.
/// </summary>
public static unsafe partial class SysNatives
{
    /// <summary>hl's getcwd buffer: longer paths make sys_get_cwd return null.</summary>
    private const int CwdBufferSize = 256;

    /// <summary>The name hl is compiled with for the running system.</summary>
    public static string SystemName =>
        OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsMacOS() ? "Mac" : OperatingSystem.IsFreeBSD() ? "BSD" : "Linux";

    /// <summary>sys_get_cwd's result for a working directory: UTF-8 with a trailing '/', or null when it exceeds hl's buffer.</summary>
    public static byte[]? CwdBytes(string directory)
    {
        var bytes = Encoding.UTF8.GetBytes(directory);
        if (bytes.Length + 1 > CwdBufferSize)
            return null;
        if (bytes.Length > 0 && bytes[^1] is (byte)'/' or (byte)'\\')
            return bytes;
        return [.. bytes, (byte)'/'];
    }

    /// <summary>sys_time: gettimeofday as seconds (whole seconds plus microseconds).</summary>
    public static double Time()
    {
        var micros = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        return Math.DivRem(micros, 1_000_000L, out var usec) + usec / 1000000.0;
    }

    /// <summary>sys_cpu_time: user plus system time of the process, in hl's 1/100 s ticks.</summary>
    public static double CpuTime()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var t = stackalloc long[4];
                if (Times(t) != -1)
                    return (t[0] + t[1]) / 100.0;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }
        return Math.Floor(Environment.CpuUsage.TotalTime.TotalSeconds * 100) / 100.0;
    }

    /// <summary>
    /// The timespec hl's sys_sleep asks nanosleep for, or null when nanosleep rejects it at once
    /// (negative, NaN or beyond an Int of seconds).
    /// </summary>
    public static (long Seconds, long Nanoseconds)? SleepRequest(double seconds)
    {
        var sec = MathNatives.TruncateToInt32(seconds);
        var nsec = MathNatives.TruncateToInt32((seconds - sec) * 1e9);
        if (sec < 0 || nsec is < 0 or > 999_999_999)
            return null;
        return (sec, nsec);
    }

    /// <summary>sys_sleep; the .NET runtime's signals do not cut the sleep short (hl would rarely see any).</summary>
    public static void Sleep(double seconds)
    {
        if (SleepRequest(seconds) is not var (sec, nsec))
            return;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var req = stackalloc long[2] { sec, nsec };
                var rem = stackalloc long[2];
                const int EINTR = 4;
                while (NanoSleep(req, rem) != 0 && Marshal.GetLastPInvokeError() == EINTR)
                {
                    req[0] = rem[0];
                    req[1] = rem[1];
                }
                return;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }
        Thread.Sleep((int)Math.Min(int.MaxValue - 1L, sec * 1000 + (nsec + 999_999) / 1_000_000));
    }

    /// <summary>getenv of a UTF-8 name: the value's UTF-8 bytes, or null when unset.</summary>
    public static byte[]? GetEnv(ReadOnlySpan<byte> name)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var z = new byte[name.Length + 1];
                name.CopyTo(z);
                fixed (byte* p = z)
                {
                    var v = LibcGetEnv(p);
                    return v == null ? null : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(v).ToArray();
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }
        var value = Environment.GetEnvironmentVariable(Encoding.UTF8.GetString(name));
        return value is null ? null : Encoding.UTF8.GetBytes(value);
    }

    /// <summary>
    /// setenv / unsetenv (a null value) of UTF-8 text: false for an empty name or one with '='. The
    /// change goes to the C environment (as on hl) and to .NET's copy (which child processes started from .NET inherit).
    /// </summary>
    public static bool PutEnv(ReadOnlySpan<byte> name, byte[]? value)
    {
        if (name.Length == 0 || name.Contains((byte)'='))
            return false;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var z = new byte[name.Length + 1];
                name.CopyTo(z);
                byte[]? vz = value is null ? null : [.. value, (byte)0];
                fixed (byte* n = z)
                fixed (byte* v = vz)
                {
                    if ((value is null ? LibcUnsetEnv(n) : LibcSetEnv(n, v, 1)) != 0)
                        return false;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }
        try
        {
            Environment.SetEnvironmentVariable(Encoding.UTF8.GetString(name), value is null ? null : Encoding.UTF8.GetString(value));
        }
        catch (ArgumentException)
        {
            // .NET refuses a few names C accepts; the C environment is the one hl programs see.
        }
        return true;
    }

    [LibraryImport("libc.so.6", EntryPoint = "times")]
    private static partial long Times(long* buffer);

    [LibraryImport("libc.so.6", EntryPoint = "nanosleep", SetLastError = true)]
    private static partial int NanoSleep(long* request, long* remaining);

    [LibraryImport("libc.so.6", EntryPoint = "getenv")]
    private static partial byte* LibcGetEnv(byte* name);

    [LibraryImport("libc.so.6", EntryPoint = "setenv")]
    private static partial int LibcSetEnv(byte* name, byte* value, int overwrite);

    [LibraryImport("libc.so.6", EntryPoint = "unsetenv")]
    private static partial int LibcUnsetEnv(byte* name);

    private static nint Bytes(byte[]? bytes) => bytes is null ? 0 : StdMemory.BytesZ(bytes);

    [HlNative("std", "sys_print"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Print(nint chars)
    {
        if (chars == 0)
        {
            HlErrors.NullAccess();
            return;
        }
        var size = Utf.Utf8Size((char*)chars, 0);
        var buffer = ArrayPool<byte>.Shared.Rent(size + 1);
        var output = VmThread.Current.Runtime.StandardOutput;
        try
        {
            fixed (byte* o = buffer)
                Utf.EncodeUtf8((char*)chars, 0, o);
            lock (output)
            {
                output.Write(buffer, 0, size);
                output.Flush();
            }
        }
        catch (IOException)
        {
            // hl ignores write errors on stdout (and SIGPIPE).
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [HlNative("std", "sys_is64"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte Is64() => Environment.Is64BitProcess ? (byte)1 : (byte)0;

    [HlNative("std", "sys_utf8_path"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte Utf8Path() => 1;

    [HlNative("std", "sys_string"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint SystemString() => StdMemory.Utf16Z(SystemName);

    [HlNative("std", "sys_time"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double TimeNative() => Time();

    [HlNative("std", "sys_cpu_time"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double CpuTimeNative() => CpuTime();

    [HlNative("std", "sys_sleep"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void SleepNative(double seconds) => Sleep(seconds);

    [HlNative("std", "sys_get_env"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint GetEnvNative(nint name)
    {
        if (name != 0)
            return Bytes(GetEnv(StdMemory.BytesSpan(name)));
        HlErrors.NullAccess();
        return 0;
    }

    [HlNative("std", "sys_put_env"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte PutEnvNative(nint name, nint value)
    {
        if (name == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        var v = value == 0 ? null : StdMemory.BytesSpan(value).ToArray();
        return PutEnv(StdMemory.BytesSpan(name), v) ? (byte)1 : (byte)0;
    }

    [HlNative("std", "sys_get_cwd"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint GetCwd()
    {
        string cwd;
        try
        {
            cwd = Directory.GetCurrentDirectory();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // getcwd failed (the directory was removed...)
        }
        return Bytes(CwdBytes(cwd));
    }

    [HlNative("std", "sys_args"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Args()
    {
        var rt = VmThread.Current.Runtime;
        var args = rt.Options.Arguments;
        nint array;
        try
        {
            array = HlArrays.Allocate(rt, rt.Types.Builtin(TypeKind.Bytes), args.Count);
        }
        catch (OutOfMemoryException)
        {
            HlErrors.Raise("Out of memory");
            return 0;
        }
        for (var i = 0; i < args.Count; i++)
        {
            var bytes = StdMemory.BytesZ(Encoding.UTF8.GetBytes(args[i]));
            Gc.WriteBarrier.Store(HlArrays.Data(array) + 8 * i, bytes);
        }
        return array;
    }
}
