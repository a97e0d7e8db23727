using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Files;

/// <summary>
/// The C library calls hl's file.c and sys.c make, for glibc on Linux. Going through the same calls
/// (stdio FILE streams, stat, opendir, realpath, system...) gives hl's exact results, error cases
/// included. <see cref="Available"/> says whether they can be used; otherwise the managed fallback
/// (<see cref="ManagedHost"/>) serves.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc.so.6";

    public const int EINTR = 4;

    /// <summary>glibc's LC_TIME category mask (1 &lt;&lt; LC_TIME, with LC_TIME = 2).</summary>
    public const int LcTimeMask = 1 << 2;

    /// <summary>glibc's LC_GLOBAL_LOCALE, ((locale_t)-1).</summary>
    public static readonly nint LcGlobalLocale = -1;

    public const int ClockMonotonic = 1;
    public const int ClockThreadCpuTime = 3;

    private static readonly nint Handle = Load();

    private static nint Load()
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        return NativeLibrary.TryLoad(Lib, out var h) ? h : 0;
    }

    /// <summary>Whether glibc is there, on an architecture whose struct stat layout is known here.</summary>
    public static bool Available { get; } = Handle != 0 && StatLayout.Current is not null
        && NativeLibrary.TryGetExport(Handle, "stdin", out _) && NativeLibrary.TryGetExport(Handle, "environ", out _);

    /// <summary>The value of a global pointer variable of the C library (stdin, stdout, stderr, environ).</summary>
    public static nint Global(string name) => *(nint*)NativeLibrary.GetExport(Handle, name);

    // stdio
    [LibraryImport(Lib, EntryPoint = "fopen", SetLastError = true)]
    public static partial nint FOpen(byte* path, byte* mode);

    [LibraryImport(Lib, EntryPoint = "fclose", SetLastError = true)]
    public static partial int FClose(nint file);

    [LibraryImport(Lib, EntryPoint = "fread", SetLastError = true)]
    public static partial nuint FRead(void* buffer, nuint size, nuint count, nint file);

    [LibraryImport(Lib, EntryPoint = "fwrite", SetLastError = true)]
    public static partial nuint FWrite(void* buffer, nuint size, nuint count, nint file);

    [LibraryImport(Lib, EntryPoint = "fseek", SetLastError = true)]
    public static partial int FSeek(nint file, long offset, int whence);

    [LibraryImport(Lib, EntryPoint = "ftell", SetLastError = true)]
    public static partial long FTell(nint file);

    [LibraryImport(Lib, EntryPoint = "feof")]
    public static partial int FEof(nint file);

    [LibraryImport(Lib, EntryPoint = "ferror")]
    public static partial int FError(nint file);

    [LibraryImport(Lib, EntryPoint = "fflush", SetLastError = true)]
    public static partial int FFlush(nint file);

    [LibraryImport(Lib, EntryPoint = "getchar", SetLastError = true)]
    public static partial int GetChar();

    // file system
    [LibraryImport(Lib, EntryPoint = "stat", SetLastError = true)]
    private static partial int StatCall(byte* path, byte* buffer);

    [LibraryImport(Lib, EntryPoint = "__xstat", SetLastError = true)]
    private static partial int XStat(int version, byte* path, byte* buffer);

    /// <summary>stat(2) into a buffer of <see cref="StatLayout.BufferSize"/> bytes (glibc before 2.33 only exports __xstat).</summary>
    public static int Stat(byte* path, byte* buffer)
    {
        try
        {
            return StatCall(path, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            return XStat(StatLayout.Current!.XStatVersion, path, buffer);
        }
    }

    [LibraryImport(Lib, EntryPoint = "rename", SetLastError = true)]
    public static partial int Rename(byte* from, byte* to);

    [LibraryImport(Lib, EntryPoint = "unlink", SetLastError = true)]
    public static partial int Unlink(byte* path);

    [LibraryImport(Lib, EntryPoint = "mkdir", SetLastError = true)]
    public static partial int MkDir(byte* path, uint mode);

    [LibraryImport(Lib, EntryPoint = "rmdir", SetLastError = true)]
    public static partial int RmDir(byte* path);

    [LibraryImport(Lib, EntryPoint = "chdir", SetLastError = true)]
    public static partial int ChDir(byte* path);

    [LibraryImport(Lib, EntryPoint = "opendir", SetLastError = true)]
    public static partial nint OpenDir(byte* path);

    [LibraryImport(Lib, EntryPoint = "readdir", SetLastError = true)]
    public static partial byte* ReadDir(nint dir);

    [LibraryImport(Lib, EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDir(nint dir);

    /// <summary>Offset of d_name in glibc's struct dirent on 64-bit Linux (d_ino, d_off, d_reclen, d_type come first).</summary>
    public const int DirentNameOffset = 19;

    [LibraryImport(Lib, EntryPoint = "realpath", SetLastError = true)]
    public static partial byte* RealPath(byte* path, byte* resolved);

    /// <summary>PATH_MAX, the size of hl's realpath buffer.</summary>
    public const int PathMax = 4096;

    // processes, terminal, locale, clocks
    [LibraryImport(Lib, EntryPoint = "system", SetLastError = true)]
    public static partial int System(byte* command);

    [LibraryImport(Lib, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int TcGetAttr(int fd, byte* termios);

    [LibraryImport(Lib, EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int TcSetAttr(int fd, int action, byte* termios);

    [LibraryImport(Lib, EntryPoint = "cfmakeraw")]
    public static partial void CfMakeRaw(byte* termios);

    /// <summary>Room for glibc's struct termios (60 bytes on Linux), with margin.</summary>
    public const int TermiosSize = 128;

    [LibraryImport(Lib, EntryPoint = "newlocale", SetLastError = true)]
    public static partial nint NewLocale(int mask, byte* locale, nint baseLocale);

    [LibraryImport(Lib, EntryPoint = "uselocale", SetLastError = true)]
    public static partial nint UseLocale(nint locale);

    [LibraryImport(Lib, EntryPoint = "freelocale")]
    public static partial void FreeLocale(nint locale);

    [LibraryImport(Lib, EntryPoint = "clock_gettime", SetLastError = true)]
    public static partial int ClockGetTime(int clock, long* timespec);
}

/// <summary>Where glibc's struct stat keeps the fields sys_stat returns, per architecture.</summary>
internal sealed record StatLayout(
    int Dev, int Ino, int Nlink, bool Nlink64, int Mode, int Uid, int Gid, int Rdev, int Size,
    int Atime, int Mtime, int Ctime, int XStatVersion)
{
    /// <summary>Larger than struct stat on every supported architecture (144 bytes on x86-64).</summary>
    public const int BufferSize = 256;

    public static readonly StatLayout? Current = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => new(Dev: 0, Ino: 8, Nlink: 16, Nlink64: true, Mode: 24, Uid: 28, Gid: 32, Rdev: 40, Size: 48,
            Atime: 72, Mtime: 88, Ctime: 104, XStatVersion: 1),
        Architecture.Arm64 => new(Dev: 0, Ino: 8, Nlink: 20, Nlink64: false, Mode: 16, Uid: 24, Gid: 28, Rdev: 32, Size: 48,
            Atime: 72, Mtime: 88, Ctime: 104, XStatVersion: 0),
        _ => null,
    };
}
