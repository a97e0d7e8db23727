using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Vm.Runtime.Natives.Std;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Natives.Files;

/// <summary>
/// The remaining sys_* natives of hl's sys.c: shell commands, the program's and executable's paths,
/// the environment, the terminal, locales, and the hooks hl's launcher fills (hot reload, profiler,
/// debugger), here answered as hl answers when they are not set up.
/// </summary>
public static unsafe class HostNatives
{
    private static int _printFlags = 2; // hl's PR_AUTO_FLUSH

    /// <summary>
    /// The executable's path for sys_exe_path: the vm entry point. When the process is the dotnet
    /// host running vm.dll, that is the entry assembly; otherwise (apphost, single file) the process.
    /// </summary>
    public static string? ExecutablePath()
    {
        var process = Environment.ProcessPath;
        var host = process is not null && Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        if (host || process is null)
        {
            var entry = Assembly.GetEntryAssembly()?.Location;
            if (!string.IsNullOrEmpty(entry))
                return entry;
        }
        return process;
    }

    private static byte Bool(bool b) => b ? (byte)1 : (byte)0;

    [HlNative("std", "sys_command"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Command(nint command)
    {
        // The child writes straight to the process's stdout: what the program printed goes first.
        FileNatives.FlushStandardOutput();
        return HostSystem.Current.Command((byte*)command);
    }

    [HlNative("std", "sys_exe_path"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint ExePath() => ExecutablePath() is { } p ? StdMemory.BytesZ(Encoding.UTF8.GetBytes(p)) : 0;

    /// <summary>The .hl file being run, as given on the command line (null when the module did not come from a file).</summary>
    [HlNative("std", "sys_hl_file"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint HlFile() =>
        VmThread.Current.Runtime.Options.ModulePath is { } p ? StdMemory.BytesZ(Encoding.UTF8.GetBytes(p)) : 0;

    /// <summary>The environment as a flat array: name, value, name, value...</summary>
    [HlNative("std", "sys_env"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Env()
    {
        var pairs = HostSystem.Current.Environment();
        var flat = new List<byte[]>(pairs.Count * 2);
        foreach (var (name, value) in pairs)
        {
            flat.Add(name);
            flat.Add(value);
        }
        return FileSystemNatives.BytesArray(flat);
    }

    /// <summary>One byte from stdin with the terminal in raw mode; echoed to the program's output when asked.</summary>
    [HlNative("std", "sys_get_char"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int GetChar(byte echo)
    {
        var c = HostSystem.Current.GetChar();
        if (echo != 0)
        {
            var output = VmThread.Current.Runtime.StandardOutput;
            try
            {
                lock (output)
                {
                    output.WriteByte((byte)c);
                    output.Flush();
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
            {
            }
        }
        return c;
    }

    [HlNative("std", "sys_set_time_locale"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte SetTimeLocale(nint locale) => Bool(locale != 0 && HostSystem.Current.SetTimeLocale((byte*)locale));

    /// <summary>hl on Linux: the LANG variable, or null.</summary>
    [HlNative("std", "sys_locale"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Locale() => SysNatives.GetEnv("LANG"u8) is { } v ? StdMemory.BytesZ(v) : 0;

    /// <summary>Hot reload is not set up (hl without --hot-reload): nothing is ever reloaded.</summary>
    [HlNative("std", "sys_check_reload"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte CheckReload(nint debugAltFile) => 0;

    [HlNative("std", "sys_has_debugger"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte HasDebugger() => 0;

    /// <summary>The profiler hook is not set up (hl without --profile): events are dropped.</summary>
    [HlNative("std", "sys_profile_event"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void ProfileEvent(int code, nint data, int dataLength)
    {
    }

    [HlNative("std", "sys_vtune_init"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void VtuneInit()
    {
    }

    [HlNative("std", "sys_special"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Special(nint key)
    {
        HlErrors.Raise("Unknown sys_special key");
        return 0;
    }

    /// <summary>
    /// Records and returns the print flags (1: Windows UTF-8 console, 2: flush after each print).
    /// sys_print here always flushes, whatever the flags.
    /// </summary>
    [HlNative("std", "sys_set_flags"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int SetFlags(int flags) => _printFlags = flags;

    [HlNative("std", "sys_getpid"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int GetPid() => Environment.ProcessId;

    /// <summary>Milliseconds of the monotonic clock.</summary>
    [HlNative("std", "sys_timestamp_ms"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static long TimestampMs() => TimestampMilliseconds();

    internal static long TimestampMilliseconds()
    {
        if (Libc.Available)
        {
            var ts = stackalloc long[2];
            return Libc.ClockGetTime(Libc.ClockMonotonic, ts) != 0 ? 0 : ts[0] * 1000 + ts[1] / 1_000_000;
        }
        return (long)((Int128)Stopwatch.GetTimestamp() * 1000 / Stopwatch.Frequency);
    }

    [HlNative("std", "sys_thread_cpu_time"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double ThreadCpuTime() => HostSystem.Current.ThreadCpuTime();

    /// <summary>hl measures the process's memory only on Windows and consoles: 0 elsewhere.</summary>
    [HlNative("std", "sys_process_memory"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double ProcessMemory() => OperatingSystem.IsWindows() ? Environment.WorkingSet : 0;
}
