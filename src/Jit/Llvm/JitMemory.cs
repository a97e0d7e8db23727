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


    /// <summary>
    /// Code for one object. Objects can be loaded while another is still being linked (a lookup made
    /// during linking compiles the next lazy function), so each object keeps its own page ranges and
    /// only those are made executable when it is finalized.
    /// </summary>
    public sealed class ObjectCode
    {
        internal readonly List<(long Start, long End)> Ranges = [];

        /// <summary>The object's code, as address ranges (filled when it is sealed).</summary>
        public List<(nint Start, long Size)> CodeRanges { get; } = [];

        /// <summary>Data sections of the object, by name (e.g. ".llvm_stackmaps").</summary>
        public List<(string Name, nint Address, long Size)> DataSections { get; } = [];
    }

    /// <summary>Raised after an object's code and data are final (relocated): its data sections can be read.</summary>
    public event Action<ObjectCode>? ObjectSealed;

    public nint AllocateCode(ObjectCode owner, long size, int alignment)
    {
        lock (_lock)
        {
            var ranges = owner.Ranges;
            if (ranges.Count == 0 || ranges[^1].End != _code)
            {
                // A new range starts on a page no other object shares.
                _code = Align(_code, PageSize);
                ranges.Add((_code, _code));
            }
            var start = Align(_code, Math.Max(alignment, 16));
            var end = start + size;
            if (end > ReserveSize / 2)
                throw new OutOfMemoryException("JIT code space exhausted");
            _code = end;
            ranges[^1] = (ranges[^1].Start, end);
            Commit(ref _codeCommitted, end);
            return (nint)(_base + start);
        }
    }

    public nint AllocateData(ObjectCode owner, long size, int alignment, string name)
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
            owner.DataSections.Add((name, address, size));
            return address;
        }
    }

    /// <summary>Makes one object's code read-execute.</summary>
    public void SealCode(ObjectCode owner)
    {
        lock (_lock)
        {
            foreach (var (start, end) in owner.Ranges)
            {
                var pageStart = start & ~(PageSize - 1);
                var pageEnd = Align(end, PageSize);
                if (pageEnd > pageStart && Mprotect((nint)(_base + pageStart), (nuint)(pageEnd - pageStart), ProtRead | ProtExec) != 0)
                    throw new InvalidOperationException("could not make JIT code executable");
                if (end > start)
                    owner.CodeRanges.Add(((nint)(_base + start), end - start));
            }
            // Whatever comes next starts on a fresh page.
            _code = Align(_code, PageSize);
            owner.Ranges.Clear();
        }
        ObjectSealed?.Invoke(owner);
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
