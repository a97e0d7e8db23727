using System.Collections;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Vm.Runtime.Natives.Files;

/// <summary>sys_stat's values, in hl's order, before hl truncates each to an Int.</summary>
internal readonly record struct FileStatus(
    long Gid, long Uid, long Atime, long Mtime, long Ctime, long Size, long Dev, long Ino, long Nlink, long Rdev, long Mode)
{
    /// <summary>S_IFDIR: hl's sys_is_dir tests this bit alone (so block devices and sockets count too).</summary>
    public const int DirectoryBit = 0x4000;

    public long[] ToArray() => [Gid, Uid, Atime, Mtime, Ctime, Size, Dev, Ino, Nlink, Rdev, Mode];
}

/// <summary>
/// The operating-system calls behind hl's file and sys natives. Paths and other texts are
/// zero-terminated UTF-8 (hl.Bytes, as sys_utf8_path promises); callers pass non-null pointers
/// unless a member says otherwise. <see cref="Current"/> is glibc's (hl's own calls) on Linux and a
/// managed approximation elsewhere.
/// </summary>
internal abstract unsafe class HostSystem
{
    public static HostSystem Current { get; } = Libc.Available ? new LibcHost() : new ManagedHost();

    /// <summary>
    /// fopen with hl's mode table: index 0-3 are "r", "w", "a", "r+" and 4-7 the same in binary;
    /// null when the file cannot be opened.
    /// </summary>
    public abstract HlFile? Open(byte* path, int modeIndex);

    public abstract HlFile StandardInput { get; }
    public abstract HlFile StandardError { get; }

    /// <summary>stat(2), following links; null when it fails.</summary>
    public abstract FileStatus? Stat(byte* path);

    public abstract bool Rename(byte* from, byte* to);
    public abstract bool Delete(byte* path);
    public abstract bool CreateDirectory(byte* path, int mode);
    public abstract bool RemoveDirectory(byte* path);

    /// <summary>The names in a directory in the system's order, without "." and ".."; null when it cannot be opened.</summary>
    public abstract List<byte[]>? ReadDirectory(byte* path);

    /// <summary>realpath: absolute, links resolved; null when the path does not exist.</summary>
    public abstract byte[]? FullPath(byte* path);

    public abstract bool SetCurrentDirectory(byte* path);

    /// <summary>system() through /bin/sh -c, with hl's result: exit status | terminating signal &lt;&lt; 8. A null command asks whether a shell exists.</summary>
    public abstract int Command(byte* command);

    /// <summary>The process environment as (name, value) pairs, entries without '=' left out.</summary>
    public abstract List<(byte[] Name, byte[] Value)> Environment();

    /// <summary>Sets the time locale of the calling thread; false when the locale does not exist.</summary>
    public abstract bool SetTimeLocale(byte* name);

    /// <summary>One byte from standard input, the terminal in raw mode meanwhile; -1 at end.</summary>
    public abstract int GetChar();

    /// <summary>CPU time of the calling thread in seconds.</summary>
    public abstract double ThreadCpuTime();

    /// <summary>hl's encoding of a wait status: WEXITSTATUS | WTERMSIG &lt;&lt; 8.</summary>
    public static int CommandResult(int status) => ((status >> 8) & 0xFF) | ((status & 0x7F) << 8);

    protected static string Text(byte* p) => Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(p));
}

/// <summary>
/// The host without glibc (or on an architecture whose struct stat is not described): .NET file
/// streams and file-system calls with C's results. Approximations: stat fills only type, permission
/// bits, size and times; file names are decoded to text and back.
/// </summary>
internal sealed unsafe class ManagedHost : HostSystem
{
    private readonly Lazy<HlFile> _stdin = new(() => new StreamFile(Console.OpenStandardInput(), owned: false));
    private readonly Lazy<HlFile> _stderr = new(() => new StreamFile(Console.OpenStandardError(), owned: false));

    public override HlFile StandardInput => _stdin.Value;
    public override HlFile StandardError => _stderr.Value;

    public override HlFile? Open(byte* path, int modeIndex)
    {
        var (mode, access, append) = (modeIndex & 3) switch
        {
            0 => (FileMode.Open, FileAccess.Read, false),
            1 => (FileMode.Create, FileAccess.Write, false),
            2 => (FileMode.OpenOrCreate, FileAccess.Write, true),
            _ => (FileMode.Open, FileAccess.ReadWrite, false),
        };
        try
        {
            var stream = new FileStream(Text(path), mode, access, FileShare.ReadWrite | FileShare.Delete);
            if (append)
                stream.Seek(0, SeekOrigin.End);
            return new StreamFile(stream, append);
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            return null;
        }
    }

    public override FileStatus? Stat(byte* path)
    {
        try
        {
            var p = Text(path);
            FileSystemInfo info = Directory.Exists(p) ? new DirectoryInfo(p) : new FileInfo(p);
            if (!info.Exists)
                return null;
            var type = info is DirectoryInfo ? FileStatus.DirectoryBit : 0x8000;
            var permissions = OperatingSystem.IsWindows() ? (info.Attributes.HasFlag(FileAttributes.ReadOnly) ? 0x124 : 0x1B6) : (int)info.UnixFileMode;
            static long Seconds(DateTime t) => new DateTimeOffset(t).ToUnixTimeSeconds();
            return new FileStatus(0, 0, Seconds(info.LastAccessTimeUtc), Seconds(info.LastWriteTimeUtc), Seconds(info.CreationTimeUtc),
                info is FileInfo f ? f.Length : 0, 0, 0, 1, 0, type | permissions);
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            return null;
        }
    }

    public override bool Rename(byte* from, byte* to)
    {
        try
        {
            string a = Text(from), b = Text(to);
            if (Directory.Exists(a))
                Directory.Move(a, b);
            else if (File.Exists(a))
                File.Move(a, b, overwrite: true);
            else
                return false;
            return true;
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            return false;
        }
    }

    public override bool Delete(byte* path)
    {
        try
        {
            var p = Text(path);
            if (!File.Exists(p))
                return false; // unlink fails on a missing path and on a directory
            File.Delete(p);
            return true;
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            return false;
        }
    }

    public override bool CreateDirectory(byte* path, int mode)
    {
        try
        {
            var p = Path.TrimEndingDirectorySeparator(Text(path));
            var parent = Path.GetDirectoryName(Path.GetFullPath(p));
            if (File.Exists(p) || Directory.Exists(p) || (parent is not null && !Directory.Exists(parent)))
                return false; // mkdir does not create parents and fails on an existing path
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(p);
            else
                Directory.CreateDirectory(p, (UnixFileMode)(mode & 0xFFF));
            return true;
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            return false;
        }
    }

    public override bool RemoveDirectory(byte* path)
    {
        try
        {
            Directory.Delete(Text(path), recursive: false);
            return true;
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            return false;
        }
    }

    public override List<byte[]>? ReadDirectory(byte* path)
    {
        try
        {
            return [.. new DirectoryInfo(Text(path)).EnumerateFileSystemInfos().Select(i => Encoding.UTF8.GetBytes(i.Name))];
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            return null;
        }
    }

    public override byte[]? FullPath(byte* path)
    {
        try
        {
            var p = Text(path);
            if (!File.Exists(p) && !Directory.Exists(p))
                return null;
            var full = Path.GetFullPath(p);
            if (full.Length > 1 && Path.EndsInDirectorySeparator(full) && Path.GetPathRoot(full) != full)
                full = Path.TrimEndingDirectorySeparator(full);
            return Encoding.UTF8.GetBytes(full);
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            return null;
        }
    }

    public override bool SetCurrentDirectory(byte* path)
    {
        try
        {
            Directory.SetCurrentDirectory(Text(path));
            return true;
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            return false;
        }
    }

    public override int Command(byte* command)
    {
        var windows = OperatingSystem.IsWindows();
        if (command == null)
            return windows ? 1 : CommandResult(1);
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo(windows ? "cmd.exe" : "/bin/sh") { UseShellExecute = false };
            info.ArgumentList.Add(windows ? "/c" : "-c");
            info.ArgumentList.Add(Text(command));
            using var process = System.Diagnostics.Process.Start(info);
            if (process is null)
                return CommandResult(-1);
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (Exception e) when (IsIoFailure(e) || e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return CommandResult(-1);
        }
    }

    public override List<(byte[] Name, byte[] Value)> Environment()
    {
        var list = new List<(byte[], byte[])>();
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            list.Add((Encoding.UTF8.GetBytes((string)e.Key), Encoding.UTF8.GetBytes((string?)e.Value ?? "")));
        return list;
    }

    public override bool SetTimeLocale(byte* name)
    {
        var n = Text(name);
        if (n is "" or "C" or "POSIX")
            return true;
        try
        {
            var dot = n.IndexOf('.');
            CultureInfo.GetCultureInfo((dot < 0 ? n : n[..dot]).Replace('_', '-'), predefinedOnly: true);
            return true;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    public override int GetChar()
    {
        byte b;
        return StandardInput.Read(&b, 1) == 1 ? b : -1;
    }

    public override double ThreadCpuTime() => 0;

    private static bool IsIoFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException;
}
