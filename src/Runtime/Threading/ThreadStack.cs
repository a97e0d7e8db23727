using System.Runtime.InteropServices;

namespace Vm.Runtime.Threading;

/// <summary>Where the calling thread's stack is (glibc's pthread_getattr_np), to stop runaway recursion cleanly.</summary>
internal static unsafe partial class ThreadStack
{
    /// <summary>Room kept below the limit for natives, the collector and raising the error itself.</summary>
    public const long Reserve = 512 * 1024;

    /// <summary>The lowest address of the calling thread's stack plus <see cref="Reserve"/>, or 0 when unknown.</summary>
    public static nint Limit()
    {
        var attr = stackalloc byte[128];
        if (GetAttr(PthreadSelf(), attr) != 0)
            return 0;
        try
        {
            if (GetStack(attr, out var low, out var size) != 0 || low == 0 || (long)size <= 2 * Reserve)
                return 0;
            return low + (nint)Reserve;
        }
        finally
        {
            DestroyAttr(attr);
        }
    }

    [LibraryImport("libc", EntryPoint = "pthread_self")]
    private static partial nint PthreadSelf();

    [LibraryImport("libc", EntryPoint = "pthread_getattr_np")]
    private static partial int GetAttr(nint thread, byte* attr);

    [LibraryImport("libc", EntryPoint = "pthread_attr_getstack")]
    private static partial int GetStack(byte* attr, out nint stackAddress, out nuint stackSize);

    [LibraryImport("libc", EntryPoint = "pthread_attr_destroy")]
    private static partial int DestroyAttr(byte* attr);
}
