using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Files;

/// <summary>A C stdio stream (FILE*), driven with the calls hl makes; reads and writes retry when a signal interrupts them.</summary>
internal sealed unsafe class CFile(nint file, bool owned = true) : HlFile
{
    private nint _file = file;

    public override int Write(byte* data, int length)
    {
        var f = _file;
        if (f == 0)
            return 0;
        nuint n;
        do
            n = Libc.FWrite(data, 1, (nuint)length, f);
        while (n == 0 && Libc.FError(f) != 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);
        return (int)n;
    }

    public override int Read(byte* data, int length)
    {
        var f = _file;
        if (f == 0)
            return 0;
        nuint n;
        do
            n = Libc.FRead(data, 1, (nuint)length, f);
        while (n == 0 && Libc.FError(f) != 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);
        return (int)n;
    }

    public override bool Seek(long offset, int whence) => _file != 0 && Libc.FSeek(_file, offset, whence) == 0;

    public override long Tell() => _file == 0 ? -1 : Libc.FTell(_file);

    public override bool Eof => _file == 0 || Libc.FEof(_file) != 0;

    public override bool Flush() => _file != 0 && Libc.FFlush(_file) == 0;

    public override void Close()
    {
        if (!owned)
        {
            Flush();
            return;
        }
        var f = Interlocked.Exchange(ref _file, 0);
        if (f != 0)
            Libc.FClose(f);
    }
}

/// <summary>The host through glibc: the very calls of hl's file.c and sys.c on Linux.</summary>
internal sealed unsafe class LibcHost : HostSystem
{
    /// <summary>hl's fopen modes, indexed by mode | (binary ? 4 : 0).</summary>
    private static readonly byte[][] Modes = ["r\0"u8.ToArray(), "w\0"u8.ToArray(), "a\0"u8.ToArray(), "r+\0"u8.ToArray(),
        "rb\0"u8.ToArray(), "wb\0"u8.ToArray(), "ab\0"u8.ToArray(), "rb+\0"u8.ToArray()];

    private readonly HlFile _stdin = new CFile(Libc.Global("stdin"), owned: false);
    private readonly HlFile _stderr = new CFile(Libc.Global("stderr"), owned: false);

    public override HlFile StandardInput => _stdin;
    public override HlFile StandardError => _stderr;

    public override HlFile? Open(byte* path, int modeIndex)
    {
        fixed (byte* mode = Modes[modeIndex])
        {
            var f = Libc.FOpen(path, mode);
            return f == 0 ? null : new CFile(f);
        }
    }

    public override FileStatus? Stat(byte* path)
    {
        var layout = StatLayout.Current!;
        var s = stackalloc byte[StatLayout.BufferSize];
        if (Libc.Stat(path, s) != 0)
            return null;
        long U64(int offset) => *(long*)(s + offset);
        long U32(int offset) => *(uint*)(s + offset);
        return new FileStatus(
            Gid: U32(layout.Gid), Uid: U32(layout.Uid),
            Atime: U64(layout.Atime), Mtime: U64(layout.Mtime), Ctime: U64(layout.Ctime),
            Size: U64(layout.Size), Dev: U64(layout.Dev), Ino: U64(layout.Ino),
            Nlink: layout.Nlink64 ? U64(layout.Nlink) : U32(layout.Nlink),
            Rdev: U64(layout.Rdev), Mode: U32(layout.Mode));
    }

    public override bool Rename(byte* from, byte* to) => Libc.Rename(from, to) == 0;

    public override bool Delete(byte* path) => Libc.Unlink(path) == 0;

    public override bool CreateDirectory(byte* path, int mode) => Libc.MkDir(path, (uint)mode) == 0;

    public override bool RemoveDirectory(byte* path) => Libc.RmDir(path) == 0;

    public override List<byte[]>? ReadDirectory(byte* path)
    {
        var dir = Libc.OpenDir(path);
        if (dir == 0)
            return null;
        var names = new List<byte[]>();
        try
        {
            byte* entry;
            while ((entry = Libc.ReadDir(dir)) != null)
            {
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + Libc.DirentNameOffset);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                    continue;
                names.Add(name.ToArray());
            }
        }
        finally
        {
            Libc.CloseDir(dir);
        }
        return names;
    }

    public override byte[]? FullPath(byte* path)
    {
        var buffer = stackalloc byte[Libc.PathMax];
        return Libc.RealPath(path, buffer) == null ? null : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(buffer).ToArray();
    }

    public override bool SetCurrentDirectory(byte* path) => Libc.ChDir(path) == 0;

    public override int Command(byte* command) => CommandResult(Libc.System(command));

    public override List<(byte[] Name, byte[] Value)> Environment()
    {
        var list = new List<(byte[], byte[])>();
        for (var e = (byte**)Libc.Global("environ"); e != null && *e != null; e++)
        {
            var entry = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(*e);
            var eq = entry.IndexOf((byte)'=');
            if (eq >= 0)
                list.Add((entry[..eq].ToArray(), entry[(eq + 1)..].ToArray()));
        }
        return list;
    }

    public override bool SetTimeLocale(byte* name)
    {
        var locale = Libc.NewLocale(Libc.LcTimeMask, name, 0);
        if (locale == 0)
            return false;
        var old = Libc.UseLocale(locale);
        if (old == 0)
        {
            Libc.FreeLocale(locale);
            return false;
        }
        if (old != Libc.LcGlobalLocale)
            Libc.FreeLocale(old);
        return true;
    }

    public override int GetChar()
    {
        var old = stackalloc byte[Libc.TermiosSize];
        var raw = stackalloc byte[Libc.TermiosSize];
        var terminal = Libc.TcGetAttr(0, old) == 0;
        if (terminal)
        {
            new Span<byte>(old, Libc.TermiosSize).CopyTo(new Span<byte>(raw, Libc.TermiosSize));
            Libc.CfMakeRaw(raw);
            Libc.TcSetAttr(0, 0, raw);
        }
        var c = Libc.GetChar();
        if (terminal)
            Libc.TcSetAttr(0, 0, old);
        return c;
    }

    public override double ThreadCpuTime()
    {
        var ts = stackalloc long[2];
        return Libc.ClockGetTime(Libc.ClockThreadCpuTime, ts) != 0 ? 0 : ts[0] + ts[1] * 1e-9;
    }
}
