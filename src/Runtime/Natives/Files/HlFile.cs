using System.Runtime.InteropServices;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Natives.Files;

/// <summary>
/// An open file as hl's file natives see it: a C stdio stream's operations and results (counts of
/// bytes moved, success flags, -1 positions). The end-of-file flag is the stdio one: set when a read
/// comes back short, cleared by a seek.
/// </summary>
internal abstract unsafe class HlFile
{
    /// <summary>fwrite of <paramref name="length"/> bytes: the count written.</summary>
    public abstract int Write(byte* data, int length);

    /// <summary>fread of up to <paramref name="length"/> bytes: the count read (short only at end of file or on error).</summary>
    public abstract int Read(byte* data, int length);

    /// <summary>fseek: whence is 0 (set), 1 (current) or 2 (end); false on failure.</summary>
    public abstract bool Seek(long offset, int whence);

    /// <summary>ftell, -1 on failure.</summary>
    public abstract long Tell();

    public abstract bool Eof { get; }

    /// <summary>fflush: false on failure.</summary>
    public abstract bool Flush();

    /// <summary>fclose. The process's standard streams are flushed, never closed (see <see cref="FileHandles"/>).</summary>
    public abstract void Close();
}

/// <summary>
/// A file over a .NET stream with stdio's behaviour: reads fill the request unless the end comes,
/// writes in append mode go to the end, a failed operation answers like the C call would.
/// Used for the program's standard output (the runtime's stream, shared with sys_print) and, where
/// the C library is not available, for every file.
/// </summary>
internal sealed unsafe class StreamFile(Stream stream, bool append = false, bool owned = true) : HlFile
{
    private bool _eof;

    public Stream Stream => stream;

    public override int Write(byte* data, int length)
    {
        lock (stream)
        {
            try
            {
                if (!stream.CanWrite)
                    return 0;
                if (append && stream.CanSeek)
                    stream.Seek(0, SeekOrigin.End);
                stream.Write(new ReadOnlySpan<byte>(data, length));
                return length;
            }
            catch (Exception e) when (e is IOException or NotSupportedException or ObjectDisposedException or UnauthorizedAccessException)
            {
                return 0;
            }
        }
    }

    public override int Read(byte* data, int length)
    {
        lock (stream)
        {
            try
            {
                if (!stream.CanRead)
                    return 0;
                var n = stream.ReadAtLeast(new Span<byte>(data, length), length, throwOnEndOfStream: false);
                if (n < length)
                    _eof = true;
                return n;
            }
            catch (Exception e) when (e is IOException or NotSupportedException or ObjectDisposedException or UnauthorizedAccessException)
            {
                return 0;
            }
        }
    }

    public override bool Seek(long offset, int whence)
    {
        lock (stream)
        {
            try
            {
                if (!stream.CanSeek || whence is < 0 or > 2)
                    return false;
                var origin = whence switch { 0 => 0, 1 => stream.Position, _ => stream.Length };
                var target = origin + offset;
                if (target < 0)
                    return false;
                stream.Position = target;
                _eof = false;
                return true;
            }
            catch (Exception e) when (e is IOException or NotSupportedException or ObjectDisposedException or ArgumentException)
            {
                return false;
            }
        }
    }

    public override long Tell()
    {
        lock (stream)
        {
            try
            {
                return stream.CanSeek ? stream.Position : -1;
            }
            catch (Exception e) when (e is IOException or NotSupportedException or ObjectDisposedException)
            {
                return -1;
            }
        }
    }

    public override bool Eof => _eof;

    public override bool Flush()
    {
        lock (stream)
        {
            try
            {
                stream.Flush();
                return true;
            }
            catch (Exception e) when (e is IOException or NotSupportedException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    public override void Close()
    {
        Flush();
        if (owned)
        {
            lock (stream)
                stream.Dispose();
        }
    }
}

/// <summary>
/// File handles as HL values. hl's handle is an abstract `hl_fdesc` block; here it is a small heap
/// block without pointers holding a handle id, and the open file lives in a managed table under that
/// id. Ids 1 to 3 are the standard streams, resolved at each use: stdout is the runtime's
/// <see cref="VmRuntime.StandardOutput"/> (where sys_print writes), stdin and stderr the process's.
/// Closing a handle removes its table entry and zeroes the id in the block, so a closed handle then
/// acts like a null one.
/// <para>
/// Handles the program drops without closing stay in the table until the process ends (hl's files
/// have a GC finalizer that closes them): once the collector exists, a finalizer on the handle block
/// should call <see cref="Close"/>. At process exit the C library flushes its streams; managed
/// streams are flushed by a ProcessExit hook.
/// </para>
/// </summary>
internal static unsafe class FileHandles
{
    public const long StdinId = 1, StdoutId = 2, StderrId = 3;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<long, HlFile> Open = [];
    private static long _nextId = 16;

    static FileHandles() => AppDomain.CurrentDomain.ProcessExit += (_, _) => FlushManaged();

    /// <summary>A new handle block for an open file (0 with a pending error if the heap is full).</summary>
    public static nint Register(HlFile file)
    {
        long id;
        lock (Gate)
        {
            id = _nextId++;
            Open[id] = file;
        }
        var block = Std.StdMemory.Alloc(sizeof(long));
        if (block == 0)
        {
            lock (Gate)
                Open.Remove(id);
            file.Close();
            return 0;
        }
        *(long*)block = id;
        return block;
    }

    /// <summary>A handle block for a standard stream.</summary>
    public static nint Standard(long id)
    {
        var block = Std.StdMemory.Alloc(sizeof(long));
        if (block != 0)
            *(long*)block = id;
        return block;
    }

    /// <summary>The file behind a non-null handle; null once it is closed.</summary>
    public static HlFile? Get(nint handle)
    {
        var id = *(long*)handle;
        switch (id)
        {
            case 0:
                return null;
            case StdinId:
                return HostSystem.Current.StandardInput;
            case StdoutId:
                return new StreamFile(VmThread.Current.Runtime.StandardOutput, owned: false);
            case StderrId:
                return HostSystem.Current.StandardError;
        }
        lock (Gate)
            return Open.GetValueOrDefault(id);
    }

    /// <summary>Closes the file behind a non-null handle (once; later closes do nothing).</summary>
    public static void Close(nint handle)
    {
        var id = *(long*)handle;
        if (id == 0)
            return;
        var file = Get(handle);
        *(long*)handle = 0;
        if (id > StderrId)
        {
            lock (Gate)
                Open.Remove(id);
        }
        file?.Close();
    }

    /// <summary>How many files are open (tests).</summary>
    public static int OpenCount
    {
        get
        {
            lock (Gate)
                return Open.Count;
        }
    }

    private static void FlushManaged()
    {
        HlFile[] files;
        lock (Gate)
            files = [.. Open.Values];
        foreach (var f in files)
            if (f is StreamFile)
                f.Flush();
    }

    /// <summary>The C conversion of a double to a 64-bit integer on x86-64: out of range and NaN give the minimum.</summary>
    public static long TruncateToInt64(double d) =>
        d >= -9223372036854775808.0 && d < 9223372036854775808.0 ? (long)d : long.MinValue;

    /// <summary>Last error number of a C call on this thread (errno as hl reads it).</summary>
    public static int LastErrorNumber => Marshal.GetLastPInvokeError();
}
