using System.Text;
using Vm.Runtime.Natives.Files;

namespace Vm.Runtime.Tests.Files;

/// <summary>
/// The glibc host and the managed fallback give the same stdio and file-system answers (the
/// fallback serves where glibc is not available, so it is checked here on every system).
/// </summary>
public unsafe class HostSystemTests
{
    public static TheoryData<string> Hosts()
    {
        var data = new TheoryData<string> { "managed" };
        if (Libc.Available)
            data.Add("libc");
        return data;
    }

    private static HostSystem Create(string name) => name == "libc" ? new LibcHost() : new ManagedHost();

    private static byte[] Z(string s) => Encoding.UTF8.GetBytes(s + "\0");

    [Theory, MemberData(nameof(Hosts))]
    public void Stdio_semantics(string hostName)
    {
        var host = Create(hostName);
        using var dir = new TempDir();
        fixed (byte* path = Z(dir["f.bin"]))
        fixed (byte* missing = Z(dir["missing"]))
        {
            Assert.Null(host.Open(missing, 0));
            Assert.Null(host.Open(missing, 3));
            var w = host.Open(path, 5)!;
            var data = "abcdef"u8.ToArray();
            fixed (byte* d = data)
                Assert.Equal(6, w.Write(d, 6));
            Assert.Equal(6, w.Tell());
            Assert.True(w.Seek(2, 0));
            byte x = (byte)'X';
            Assert.Equal(1, w.Write(&x, 1));
            byte r;
            Assert.Equal(0, w.Read(&r, 1)); // write-only
            w.Close();
            Assert.Equal("abXdef", File.ReadAllText(dir["f.bin"]));

            var a = host.Open(path, 2)!;
            Assert.Equal(6, a.Tell());
            Assert.True(a.Seek(0, 0));
            Assert.Equal(1, a.Write(&x, 1));
            a.Close();
            Assert.Equal("abXdefX", File.ReadAllText(dir["f.bin"]));

            var rd = host.Open(path, 0)!;
            var buffer = new byte[16];
            fixed (byte* b = buffer)
            {
                Assert.Equal(3, rd.Read(b, 3));
                Assert.False(rd.Eof);
                Assert.Equal(4, rd.Read(b, 16));
                Assert.True(rd.Eof);
                Assert.True(rd.Seek(-1, 2));
                Assert.False(rd.Eof);
                Assert.Equal(6, rd.Tell());
                Assert.False(rd.Seek(-7, 1));
                Assert.False(rd.Seek(0, 3));
                Assert.True(rd.Seek(50, 1));
                Assert.Equal(56, rd.Tell());
                Assert.Equal(0, rd.Read(b, 1));
                Assert.Equal(0, rd.Write(b, 1)); // read-only
            }
            rd.Close();

            var rw = host.Open(path, 3)!;
            Assert.Equal(1, rw.Write(&x, 1));
            Assert.True(rw.Flush());
            rw.Close();
            Assert.Equal("XbXdefX", File.ReadAllText(dir["f.bin"]));
        }
    }

    [Theory, MemberData(nameof(Hosts))]
    public void File_system_semantics(string hostName)
    {
        var host = Create(hostName);
        using var dir = new TempDir();
        File.WriteAllText(dir["file"], "12345");
        fixed (byte* file = Z(dir["file"]))
        fixed (byte* root = Z(dir.Path))
        fixed (byte* sub = Z(dir["sub"]))
        fixed (byte* nested = Z(dir["sub/a/b"]))
        fixed (byte* moved = Z(dir["sub/moved"]))
        fixed (byte* missing = Z(dir["missing"]))
        {
            var s = host.Stat(file)!.Value;
            Assert.Equal(5, s.Size);
            Assert.Equal(0x8000, s.Mode & 0xF000);
            Assert.Equal(1, s.Nlink);
            Assert.Equal(new DateTimeOffset(File.GetLastWriteTimeUtc(dir["file"])).ToUnixTimeSeconds(), s.Mtime);
            Assert.Equal(FileStatus.DirectoryBit, host.Stat(root)!.Value.Mode & 0xF000);
            Assert.Null(host.Stat(missing));

            Assert.True(host.CreateDirectory(sub, 493));
            Assert.False(host.CreateDirectory(sub, 493));
            Assert.False(host.CreateDirectory(nested, 493));
            Assert.True(host.Rename(file, moved));
            Assert.False(host.Rename(file, moved));
            Assert.Equal(["moved"], host.ReadDirectory(sub)!.Select(Encoding.UTF8.GetString));
            Assert.Null(host.ReadDirectory(missing));
            Assert.False(host.RemoveDirectory(sub));
            Assert.False(host.Delete(sub));
            Assert.True(host.Delete(moved));
            Assert.False(host.Delete(moved));
            Assert.True(host.RemoveDirectory(sub));
            Assert.False(host.RemoveDirectory(sub));
            Assert.Empty(host.ReadDirectory(root)!);

            var full = Encoding.UTF8.GetString(host.FullPath(root)!);
            Assert.True(Path.IsPathRooted(full));
            Assert.False(full.EndsWith('/'));
            Assert.Null(host.FullPath(missing));
        }
    }

    [Theory, MemberData(nameof(Hosts))]
    public void Environment_and_commands(string hostName)
    {
        var host = Create(hostName);
        Environment.SetEnvironmentVariable("VM_FILES_HOST_TEST", "x=y");
        var env = host.Environment();
        if (hostName == "managed" || OperatingSystem.IsLinux())
            Assert.Contains(env, e => Encoding.UTF8.GetString(e.Name) == "PATH");
        if (hostName == "managed")
            Assert.Contains(env, e => Encoding.UTF8.GetString(e.Name) == "VM_FILES_HOST_TEST" && Encoding.UTF8.GetString(e.Value) == "x=y");
        if (!OperatingSystem.IsWindows())
        {
            fixed (byte* c = Z("exit 5"))
                Assert.Equal(5, host.Command(c));
        }
        fixed (byte* c = Z("C"))
            Assert.True(host.SetTimeLocale(c));
        fixed (byte* c = Z("zz_ZZ.nothing"))
            Assert.False(host.SetTimeLocale(c));
    }

    [Fact]
    public void Command_result_encoding()
    {
        Assert.Equal(0, HostSystem.CommandResult(0));
        Assert.Equal(3, HostSystem.CommandResult(3 << 8));
        Assert.Equal(9 << 8, HostSystem.CommandResult(9));
        Assert.Equal(255 | 127 << 8, HostSystem.CommandResult(-1)); // system() failed
    }

    [Fact]
    public void Double_to_int64_conversion_is_x86s()
    {
        Assert.Equal(long.MinValue, FileHandles.TruncateToInt64(double.NaN));
        Assert.Equal(long.MinValue, FileHandles.TruncateToInt64(1e19));
        Assert.Equal(long.MinValue, FileHandles.TruncateToInt64(double.NegativeInfinity));
        Assert.Equal(-2, FileHandles.TruncateToInt64(-2.7));
        Assert.Equal(1L << 40, FileHandles.TruncateToInt64(1099511627776.5));
    }
}
