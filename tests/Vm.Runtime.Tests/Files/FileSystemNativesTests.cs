using System.Diagnostics;
using System.Text;
using Vm.Runtime.Values;
using static Vm.Runtime.Tests.Files.FileTestSupport;

namespace Vm.Runtime.Tests.Files;

/// <summary>sys_exists, sys_stat, sys_read_dir...: hl's sys.c, one POSIX call each, false/null on failure.</summary>
public unsafe class FileSystemNativesTests
{
    private static byte Call(RuntimeFixture f, string name, nint arg) => ((delegate* unmanaged<nint, byte>)f.Native("std", name))(arg);

    [Fact]
    public void Exists_and_is_dir()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        File.WriteAllText(dir["file"], "x");
        Assert.Equal(1, Call(f, "sys_exists", Utf8(dir["file"])));
        Assert.Equal(1, Call(f, "sys_exists", Utf8(dir.Path)));
        Assert.Equal(1, Call(f, "sys_exists", Utf8(dir.Path + "/"))); // stat accepts a trailing slash on a directory
        Assert.Equal(0, Call(f, "sys_exists", Utf8(dir["file"] + "/"))); // ENOTDIR
        Assert.Equal(0, Call(f, "sys_exists", Utf8(dir["missing"])));
        Assert.Equal(0, Call(f, "sys_exists", 0));
        Assert.Equal(0, Call(f, "sys_is_dir", Utf8(dir["file"])));
        Assert.Equal(1, Call(f, "sys_is_dir", Utf8(dir.Path)));
        Assert.Equal(0, Call(f, "sys_is_dir", Utf8(dir["missing"])));
        Assert.Equal(0, Call(f, "sys_is_dir", 0));
        if (OperatingSystem.IsLinux())
        {
            // stat follows links: a dangling link does not exist.
            File.CreateSymbolicLink(dir["dangling"], dir["nowhere"]);
            Assert.Equal(0, Call(f, "sys_exists", Utf8(dir["dangling"])));
            Directory.CreateSymbolicLink(dir["dirlink"], dir.Path);
            Assert.Equal(1, Call(f, "sys_is_dir", Utf8(dir["dirlink"])));
        }
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Stat_gives_twelve_ints_in_hls_order()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var path = dir["s.txt"];
        File.WriteAllText(path, "0123456789");
        var mtime = new DateTimeOffset(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);
        File.SetLastWriteTimeUtc(path, mtime.UtcDateTime);
        File.SetLastAccessTimeUtc(path, mtime.AddDays(1).UtcDateTime);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var a = ((delegate* unmanaged<nint, nint>)f.Native("std", "sys_stat"))(Utf8(path));
        Assert.NotEqual(0, a);
        Assert.Equal(12, HlArrays.Length(a));
        var v = new ReadOnlySpan<int>((void*)HlArrays.Data(a), 12).ToArray();
        Assert.Equal((int)mtime.AddDays(1).ToUnixTimeSeconds(), v[2]); // atime
        Assert.Equal((int)mtime.ToUnixTimeSeconds(), v[3]); // mtime
        Assert.Equal(10, v[5]); // size
        Assert.Equal(1, v[8]); // nlink
        Assert.Equal(0, v[11]); // hl leaves the twelfth slot empty
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(0x8000 | 0x1A0, v[10]); // S_IFREG | 0640
            // The other fields as stat(1) sees them: gid uid ctime dev ino rdev.
            var s = Run("stat", "-c", "%g %u %Z %d %i %r", path).Split(' ').Select(long.Parse).ToArray();
            Assert.Equal((int)s[0], v[0]);
            Assert.Equal((int)s[1], v[1]);
            Assert.Equal((int)s[2], v[4]);
            Assert.Equal((int)s[3], v[6]);
            Assert.Equal((int)s[4], v[7]);
            Assert.Equal((int)s[5], v[9]);

            var d = ((delegate* unmanaged<nint, nint>)f.Native("std", "sys_stat"))(Utf8(dir.Path));
            var mode = ((int*)HlArrays.Data(d))[10];
            Assert.Equal(0x4000, mode & 0xF000);
        }
        Assert.Equal(0, ((delegate* unmanaged<nint, nint>)f.Native("std", "sys_stat"))(Utf8(dir["missing"])));
        Assert.Equal(0, ((delegate* unmanaged<nint, nint>)f.Native("std", "sys_stat"))(0));
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Rename_delete_create_and_remove()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var rename = (delegate* unmanaged<nint, nint, byte>)f.Native("std", "sys_rename");
        var createDir = (delegate* unmanaged<nint, int, byte>)f.Native("std", "sys_create_dir");
        File.WriteAllText(dir["a"], "A");
        File.WriteAllText(dir["b"], "B");
        Assert.Equal(1, rename(Utf8(dir["a"]), Utf8(dir["b"]))); // replaces an existing file
        Assert.Equal("A", File.ReadAllText(dir["b"]));
        Assert.False(File.Exists(dir["a"]));
        Assert.Equal(0, rename(Utf8(dir["a"]), Utf8(dir["c"])));
        Assert.Equal(0, rename(Utf8(dir["b"]), Utf8(dir["no/such/c"])));
        Assert.Equal(0, rename(0, Utf8(dir["c"])));

        Assert.Equal(1, createDir(Utf8(dir["d"]), 493)); // 0755, as FileSystem.createDirectory passes
        Assert.True(Directory.Exists(dir["d"]));
        Assert.Equal(0, createDir(Utf8(dir["d"]), 493)); // EEXIST
        Assert.Equal(0, createDir(Utf8(dir["x/y"]), 493)); // no parents
        Assert.Equal(0, createDir(0, 493));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(1, createDir(Utf8(dir["private"]), 448)); // 0700
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir["private"]));
        }

        Assert.Equal(0, Call(f, "sys_delete", Utf8(dir["d"]))); // unlink does not remove directories
        Assert.Equal(1, Call(f, "sys_delete", Utf8(dir["b"])));
        Assert.False(File.Exists(dir["b"]));
        Assert.Equal(0, Call(f, "sys_delete", Utf8(dir["b"])));
        Assert.Equal(0, Call(f, "sys_delete", 0));

        File.WriteAllText(dir["d/inner"], "");
        Assert.Equal(0, Call(f, "sys_remove_dir", Utf8(dir["d"]))); // not empty
        File.Delete(dir["d/inner"]);
        Assert.Equal(1, Call(f, "sys_remove_dir", Utf8(dir["d"])));
        Assert.Equal(0, Call(f, "sys_remove_dir", Utf8(dir["d"])));
        Assert.Equal(0, Call(f, "sys_remove_dir", 0));
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Read_dir_lists_names_without_dot_entries()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var readDir = (delegate* unmanaged<nint, nint>)f.Native("std", "sys_read_dir");
        var names = new[] { "b.txt", "a", "\u00e9t\u00e9 \u20ac", ".hidden" };
        foreach (var n in names)
            File.WriteAllText(dir[n], "");
        Directory.CreateDirectory(dir["sub"]);

        var a = readDir(Utf8(dir.Path));
        var listed = Enumerable.Range(0, HlArrays.Length(a)).Select(i => ReadUtf8Z(((nint*)HlArrays.Data(a))[i])).Order().ToArray();
        Assert.Equal(names.Append("sub").Order().ToArray(), listed);

        var empty = readDir(Utf8(dir["sub"]));
        Assert.Equal(0, HlArrays.Length(empty));
        Assert.Equal(0, readDir(Utf8(dir["missing"])));
        Assert.Equal(0, readDir(Utf8(dir["a"]))); // not a directory
        Assert.Null(f.TakePendingError());
        Assert.Equal(0, readDir(0));
        Assert.Equal("Null access", f.TakePendingError());
    }

    [Fact]
    public void Full_path_resolves_dots_and_links()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var fullPath = (delegate* unmanaged<nint, nint>)f.Native("std", "sys_full_path");
        Directory.CreateDirectory(dir["sub"]);
        File.WriteAllText(dir["sub/f.txt"], "");
        var real = Path.GetFullPath(dir.Path);
        if (OperatingSystem.IsLinux())
            real = Run("realpath", dir.Path);
        Assert.Equal(real + "/sub/f.txt", ReadUtf8Z(fullPath(Utf8(dir["sub/../sub/./f.txt"]))));
        Assert.Equal(real + "/sub", ReadUtf8Z(fullPath(Utf8(dir["sub/"])))); // no trailing slash
        if (OperatingSystem.IsLinux())
        {
            File.CreateSymbolicLink(dir["link"], dir["sub/f.txt"]);
            Assert.Equal(real + "/sub/f.txt", ReadUtf8Z(fullPath(Utf8(dir["link"]))));
        }
        Assert.Equal(0, fullPath(Utf8(dir["missing"])));
        Assert.Equal(0, fullPath(0));
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Set_cwd_fails_on_a_missing_directory()
    {
        // The working directory is process-wide and tests run in parallel: only calls that leave it as it is.
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var cwd = Directory.GetCurrentDirectory();
        Assert.Equal(0, Call(f, "sys_set_cwd", Utf8(dir["missing"])));
        Assert.Equal(0, Call(f, "sys_set_cwd", 0));
        Assert.Equal(1, Call(f, "sys_set_cwd", Utf8(cwd)));
        Assert.Equal(cwd, Directory.GetCurrentDirectory());
        Assert.Null(f.TakePendingError());
    }

    internal static string Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output.TrimEnd('\n');
    }
}
