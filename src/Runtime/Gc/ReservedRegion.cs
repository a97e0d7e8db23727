using System.Runtime.InteropServices;

namespace Vm.Runtime.Gc;

/// <summary>
/// A large range of reserved address space, committed in pages as needed. The old generation lives in
/// one such range so that a write barrier can find a card from an address with one subtraction and shift.
/// </summary>
internal sealed unsafe partial class ReservedRegion : IDisposable
{
    private const int ProtNone = 0, ProtReadWrite = 3;
    private const int MapPrivate = 0x02, MapAnonymous = 0x20, MapNoReserve = 0x4000;
    private const int MadvDontNeed = 4;

    public ReservedRegion(long size)
    {
        var p = Mmap(0, (nuint)size, ProtNone, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
        if (p == -1)
            throw new OutOfMemoryException($"could not reserve {size >> 20} MB of address space");
        Start = p;
        Size = size;
    }

    public nint Start { get; private set; }
    public long Size { get; }
    public nint End => Start + (nint)Size;

    public bool Contains(nint p) => p >= Start && p < End;

    /// <summary>Makes [start, start + size) usable (zeroed on first use).</summary>
    public void Commit(nint start, long size)
    {
        if (Mprotect(start, (nuint)size, ProtReadWrite) != 0)
            throw new OutOfMemoryException($"could not commit {size} bytes");
    }

    /// <summary>Gives memory back to the system; it reads as zeros when used again.</summary>
    public void Decommit(nint start, long size) => _ = Madvise(start, (nuint)size, MadvDontNeed);

    public void Dispose()
    {
        if (Start != 0)
        {
            Munmap(Start, (nuint)Size);
            Start = 0;
        }
    }

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial nint Mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(nint addr, nuint length, int prot);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint addr, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint addr, nuint length);
}
