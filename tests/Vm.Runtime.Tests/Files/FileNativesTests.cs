using System.Text;
using Vm.Runtime.Natives.Files;
using static Vm.Runtime.Tests.Files.FileTestSupport;

namespace Vm.Runtime.Tests.Files;

/// <summary>file_*: hl's file.c semantics (C stdio): counts, flags, -1/-2 results, eof only after a short read.</summary>
public unsafe class FileNativesTests
{
    private sealed class Natives(RuntimeFixture f)
    {
        public readonly delegate* unmanaged<nint, int, byte, nint> Open = (delegate* unmanaged<nint, int, byte, nint>)f.Native("std", "file_open");
        public readonly delegate* unmanaged<nint, void> Close = (delegate* unmanaged<nint, void>)f.Native("std", "file_close");
        public readonly delegate* unmanaged<nint, nint, int, int, int> Write = (delegate* unmanaged<nint, nint, int, int, int>)f.Native("std", "file_write");
        public readonly delegate* unmanaged<nint, nint, int, int, int> Read = (delegate* unmanaged<nint, nint, int, int, int>)f.Native("std", "file_read");
        public readonly delegate* unmanaged<nint, int, byte> WriteChar = (delegate* unmanaged<nint, int, byte>)f.Native("std", "file_write_char");
        public readonly delegate* unmanaged<nint, int> ReadChar = (delegate* unmanaged<nint, int>)f.Native("std", "file_read_char");
        public readonly delegate* unmanaged<nint, int, int, byte> Seek = (delegate* unmanaged<nint, int, int, byte>)f.Native("std", "file_seek");
        public readonly delegate* unmanaged<nint, int> Tell = (delegate* unmanaged<nint, int>)f.Native("std", "file_tell");
        public readonly delegate* unmanaged<nint, double, int, byte> Seek2 = (delegate* unmanaged<nint, double, int, byte>)f.Native("std", "file_seek2");
        public readonly delegate* unmanaged<nint, double> Tell2 = (delegate* unmanaged<nint, double>)f.Native("std", "file_tell2");
        public readonly delegate* unmanaged<nint, byte> Eof = (delegate* unmanaged<nint, byte>)f.Native("std", "file_eof");
        public readonly delegate* unmanaged<nint, byte> Flush = (delegate* unmanaged<nint, byte>)f.Native("std", "file_flush");
        public readonly delegate* unmanaged<nint, int*, nint> Contents = (delegate* unmanaged<nint, int*, nint>)f.Native("std", "file_contents");
        public readonly delegate* unmanaged<nint> Stdout = (delegate* unmanaged<nint>)f.Native("std", "file_stdout");
        public readonly delegate* unmanaged<nint> Stderr = (delegate* unmanaged<nint>)f.Native("std", "file_stderr");
        public readonly delegate* unmanaged<nint> Stdin = (delegate* unmanaged<nint>)f.Native("std", "file_stdin");
        public readonly delegate* unmanaged<nint, void> Print = (delegate* unmanaged<nint, void>)f.Native("std", "sys_print");
    }

    // hl's modes: 0 "r", 1 "w", 2 "a", 3 "r+"; binary adds 4 (no difference on POSIX).
    private const int R = 0, W = 1, A = 2, RW = 3;

    [Fact]
    public void Write_then_read_back()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var n = new Natives(f);
        var path = Utf8(dir["a.bin"]);
        var h = n.Open(path, W, 1);
        Assert.NotEqual(0, h);
        var data = Buffer([1, 2, 3, 4, 5, 6]);
        Assert.Equal(4, n.Write(h, data, 2, 4)); // bytes 3..6
        Assert.Equal(1, n.WriteChar(h, 0x141)); // stored as (unsigned char)
        Assert.Equal(5, n.Tell(h));
        Assert.Equal(1, n.Flush(h));
        n.Close(h);
        Assert.Equal(new byte[] { 3, 4, 5, 6, 0x41 }, File.ReadAllBytes(dir["a.bin"]));

        h = n.Open(path, R, 1);
        Assert.Equal(0, n.Eof(h));
        Assert.Equal(3, n.ReadChar(h));
        var into = Buffer(new byte[10]);
        Assert.Equal(2, n.Read(h, into, 5, 2));
        Assert.Equal(new byte[] { 4, 5 }, Read(into + 5, 2));
        Assert.Equal(0, n.Eof(h)); // not yet: no read has come back short
        Assert.Equal(2, n.Read(h, into, 0, 8)); // short read: the rest
        Assert.Equal(1, n.Eof(h));
        Assert.Equal(-2, n.ReadChar(h));
        Assert.Equal(0, n.Read(h, into, 0, 8));
        Assert.Equal(1, n.Seek(h, 1, 0)); // a seek clears the end-of-file flag
        Assert.Equal(0, n.Eof(h));
        Assert.Equal(4, n.ReadChar(h));
        Assert.Equal(1, n.Seek(h, -1, 2));
        Assert.Equal(4, n.Tell(h));
        Assert.Equal(0x41, n.ReadChar(h));
        Assert.Equal(0, n.Eof(h)); // reading exactly the last byte does not set it
        Assert.Equal(1, n.Seek(h, -2, 1));
        Assert.Equal(3, n.Tell(h));
        Assert.Equal(0, n.Seek(h, -10, 1)); // before the start: EINVAL
        Assert.Equal(3, n.Tell(h));
        Assert.Equal(0, n.Seek(h, 0, 7)); // bad whence
        Assert.Equal(1, n.Seek(h, 100, 0)); // past the end is allowed
        Assert.Equal(100, n.Tell(h));
        Assert.Equal(0, n.Write(h, into, 0, 1)); // opened for reading only: fwrite writes nothing
        n.Close(h);
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Null_handles_answer_without_errors()
    {
        using var f = new RuntimeFixture();
        var n = new Natives(f);
        var buf = Buffer(new byte[4]);
        n.Close(0);
        Assert.Equal(-1, n.Write(0, buf, 0, 1));
        Assert.Equal(-1, n.Read(0, buf, 0, 1));
        Assert.Equal(0, n.WriteChar(0, 65));
        Assert.Equal(-2, n.ReadChar(0));
        Assert.Equal(0, n.Seek(0, 0, 0));
        Assert.Equal(-1, n.Tell(0));
        Assert.Equal(0, n.Seek2(0, 0, 0));
        Assert.Equal(-1.0, n.Tell2(0));
        Assert.Equal(1, n.Eof(0));
        Assert.Equal(0, n.Flush(0));
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void A_closed_handle_acts_like_null_and_closes_once()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var n = new Natives(f);
        var h = n.Open(Utf8(dir["c.txt"]), W, 0);
        var before = FileHandles.OpenCount;
        n.Close(h);
        Assert.Equal(before - 1, FileHandles.OpenCount);
        n.Close(h);
        Assert.Equal(-1, n.Write(h, Buffer(1), 0, 1));
        Assert.Equal(-2, n.ReadChar(h));
        Assert.Equal(1, n.Eof(h));
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Open_failures_return_null()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var n = new Natives(f);
        Assert.Equal(0, n.Open(Utf8(dir["missing.txt"]), R, 1));
        Assert.Equal(0, n.Open(Utf8(dir["missing.txt"]), RW, 1)); // "r+" does not create
        Assert.Equal(0, n.Open(Utf8(dir["no/such/dir.txt"]), W, 1));
        Assert.Equal(0, n.Open(0, R, 1));
        Assert.Equal(0, n.Open(Utf8(dir.Path), W, 1)); // a directory cannot be written
        Assert.Equal(0, n.Open(Utf8(dir["x"]), 8, 0)); // beyond hl's mode table
        Assert.False(File.Exists(dir["missing.txt"]));
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Write_mode_truncates_append_mode_always_writes_at_the_end()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var n = new Natives(f);
        File.WriteAllText(dir["t.txt"], "hello world");
        var path = Utf8(dir["t.txt"]);
        var h = n.Open(path, A, 0);
        Assert.Equal(11, n.Tell(h)); // glibc positions "a" streams at the end
        Assert.Equal(1, n.Seek(h, 0, 0));
        Assert.Equal(1, n.WriteChar(h, '!'));
        Assert.Equal(0, n.Read(h, Buffer(new byte[4]), 0, 4)); // write-only
        n.Close(h);
        Assert.Equal("hello world!", File.ReadAllText(dir["t.txt"]));

        h = n.Open(path, RW, 0);
        Assert.Equal(1, n.WriteChar(h, 'J'));
        Assert.Equal(1, n.Seek(h, 0, 2));
        Assert.Equal(2, n.Write(h, Buffer((byte)'?', (byte)'?'), 0, 2));
        n.Close(h);
        Assert.Equal("Jello world!??", File.ReadAllText(dir["t.txt"]));

        h = n.Open(path, W, 0);
        Assert.Equal(0, n.Tell(h));
        n.Close(h);
        Assert.Equal(0, new FileInfo(dir["t.txt"]).Length);
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Seek2_and_tell2_use_doubles()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var n = new Natives(f);
        var h = n.Open(Utf8(dir["s.bin"]), W, 1);
        Assert.Equal(1, n.Seek2(h, 5_000_000_000.0, 0)); // beyond an Int
        Assert.Equal(5_000_000_000.0, n.Tell2(h));
        Assert.Equal(unchecked((int)5_000_000_000L), n.Tell(h)); // file_tell truncates to an Int
        Assert.Equal(0, n.Seek2(h, double.NaN, 0)); // converts to the minimum: EINVAL
        Assert.Equal(1, n.Seek2(h, 2.9, 0)); // truncated
        Assert.Equal(2.0, n.Tell2(h));
        n.Close(h);
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Contents_reads_a_whole_file()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var n = new Natives(f);
        var text = "line one\nunicode \u00e9\u20ac\n";
        File.WriteAllText(dir["c.txt"], text);
        var bytes = Encoding.UTF8.GetBytes(text);

        int size = -5;
        var p = n.Contents(Utf8(dir["c.txt"]), &size);
        Assert.Equal(bytes.Length, size);
        Assert.Equal(bytes, Read(p, size));

        // Without a size the content is zero-terminated UTF-8 (File.getContent).
        p = n.Contents(Utf8(dir["c.txt"]), null);
        Assert.Equal(text, ReadUtf8Z(p));

        File.WriteAllBytes(dir["empty"], []);
        size = -5;
        p = n.Contents(Utf8(dir["empty"]), &size);
        Assert.NotEqual(0, p);
        Assert.Equal(0, size);

        size = -5;
        Assert.Equal(0, n.Contents(Utf8(dir["missing"]), &size));
        Assert.Equal(-5, size); // untouched when the file cannot be opened
        Assert.Equal(0, n.Contents(0, &size));
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Stdout_handle_writes_to_the_runtime_output_in_order_with_sys_print()
    {
        var output = new MemoryStream();
        using var f = new RuntimeFixture(output);
        var n = new Natives(f);
        var h = n.Stdout();
        Assert.NotEqual(0, h);
        n.Print(f.Runtime.Strings.AllocUtf16("A"));
        var b = Buffer((byte)'B', (byte)'C');
        Assert.Equal(2, n.Write(h, b, 0, 2));
        Assert.Equal(1, n.WriteChar(h, 'D'));
        n.Print(f.Runtime.Strings.AllocUtf16("E"));
        Assert.Equal(1, n.Flush(h));
        Assert.Equal("ABCDE", Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(-2, n.ReadChar(h)); // not readable

        // Closing the program's stdout flushes it; the stream stays usable for sys_print.
        n.Close(h);
        Assert.Equal(-1, n.Write(h, b, 0, 1));
        Assert.Equal(2, n.Write(n.Stdout(), b, 0, 2));
        n.Print(f.Runtime.Strings.AllocUtf16("F"));
        Assert.Equal("ABCDEBCF", Encoding.UTF8.GetString(output.ToArray()));
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Stderr_and_stdin_handles_exist()
    {
        using var f = new RuntimeFixture();
        var n = new Natives(f);
        var err = n.Stderr();
        Assert.NotEqual(0, err);
        Assert.Equal(0, n.Write(err, Buffer(0), 0, 0));
        Assert.Equal(1, n.Flush(err));
        Assert.NotEqual(0, n.Stdin());
        Assert.NotEqual(n.Stdout(), n.Stdout()); // hl allocates a new descriptor on each call
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Null_buffer_is_a_null_access()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var n = new Natives(f);
        var h = n.Open(Utf8(dir["n.txt"]), W, 1);
        Assert.Equal(0, n.Write(h, 0, 0, 0));
        Assert.Null(f.TakePendingError());
        n.Write(h, 0, 0, 3);
        Assert.Equal("Null access", f.TakePendingError());
        n.Close(h);
    }

    [Fact]
    public void Is_locked_and_error_code()
    {
        using var f = new RuntimeFixture();
        using var dir = new TempDir();
        var n = new Natives(f);
        Assert.Equal(0, ((delegate* unmanaged<nint, byte>)f.Native("std", "file_is_locked"))(Utf8(dir.Path)));
        Assert.Equal(0, n.Open(Utf8(dir["missing"]), R, 1));
        if (OperatingSystem.IsLinux())
            Assert.Equal(2, ((delegate* unmanaged<int>)f.Native("std", "file_error_code"))()); // ENOENT
    }
}
