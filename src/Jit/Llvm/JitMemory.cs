using System.Runtime.InteropServices;

namespace Vm.Jit.Llvm;

/// <summary>
/// Where compiled code and data live: one contiguous range of reserved address space per JIT, so every
/// 32-bit PC-relative reference between sections (calls, unwind tables, personality pointers) is in
/// range. Code grows from the bottom, data from the middle; each object's code starts on a fresh page
/// so it can be made read-execute when finalized while later objects are still being written.
/// </summary>
internal sealed unsafe partial class JitMemory : IDisposable
{
    private const long ReserveSize = 1L << 30;
    private const long PageSize = 4096;
    private const int ProtNone = 0, ProtRead = 1, ProtWrite = 2, ProtExec = 4;
    private const int MapPrivate = 0x02, MapAnonymous = 0x20, MapNoReserve = 0x4000;

    private readonly Lock _lock = new();
    private byte* _base;
    private long _code;          // next free code byte (offset from base)
    private long _codeCommitted; // code bytes made writable so far
    private long _data;          // next free data byte
    private long _dataCommitted;
    private long _pendingCodeStart = -1;

    public JitMemory()
    {
        var p = Mmap(0, (nuint)ReserveSize, ProtNone, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
        if (p == -1)
            throw new OutOfMemoryException("could not reserve address space for JIT code");
        _base = (byte*)p;
        _data = ReserveSize / 2;
        _dataCommitted = _data;
    }

    /// <summary>Bytes of code and data handed out.</summary>
    public long CodeBytes => _code;
    public long DataBytes => _data - ReserveSize / 2;

    /// <summary>Sections that were allocated under a name (e.g. ".llvm_stackmaps"), for whoever needs them.</summary>
    public event Action<string, nint, long>? SectionAllocated;

    public nint AllocateCode(long size, int alignment, string name)
    {
        lock (_lock)
        {
            if (_pendingCodeStart < 0)
            {
                // First code of a new object: start on a page the previous object does not share.
                _code = Align(_code, PageSize);
                _pendingCodeStart = _code;
            }
            _code = Align(_code, Math.Max(alignment, 16));
            var p = _code;
            _code += size;
            if (_code > ReserveSize / 2)
                throw new OutOfMemoryException("JIT code space exhausted");
            Commit(ref _codeCommitted, _code);
            return (nint)(_base + p);
        }
    }

    public nint AllocateData(long size, int alignment, string name)
    {
        lock (_lock)
        {
            _data = Align(_data, Math.Max(alignment, 16));
            var p = _data;
            _data += size;
            if (_data > ReserveSize)
                throw new OutOfMemoryException("JIT data space exhausted");
            Commit(ref _dataCommitted, _data);
            var address = (nint)(_base + p);
            SectionAllocated?.Invoke(name, address, size);
            return address;
        }
    }

    /// <summary>Makes the code written since the last call read-execute.</summary>
    public void SealCode()
    {
        lock (_lock)
        {
            if (_pendingCodeStart < 0)
                return;
            var start = _pendingCodeStart;
            var end = Align(_code, PageSize);
            if (end > start && Mprotect((nint)(_base + start), (nuint)(end - start), ProtRead | ProtExec) != 0)
                throw new InvalidOperationException("could not make JIT code executable");
            _code = end;
            _pendingCodeStart = -1;
        }
    }

    private void Commit(ref long committed, long upTo)
    {
        if (upTo <= committed)
            return;
        var end = Align(upTo, PageSize);
        var start = Align(committed, PageSize);
        if (start < committed)
            start = committed;
        if (end > start && Mprotect((nint)(_base + start), (nuint)(end - start), ProtRead | ProtWrite) != 0)
            throw new OutOfMemoryException("could not commit JIT memory");
        committed = end;
    }

    private static long Align(long v, long a) => (v + a - 1) & ~(a - 1);

    public void Dispose()
    {
        lock (_lock)
        {
            if (_base != null)
            {
                Munmap((nint)_base, (nuint)ReserveSize);
                _base = null;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial nint Mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(nint addr, nuint length, int prot);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint addr, nuint length);
}
