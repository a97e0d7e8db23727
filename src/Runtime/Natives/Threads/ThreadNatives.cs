using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Memory;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Natives.Threads;

/// <summary>
/// The thread natives the standard library needs on a single HL thread: the current thread's handle
/// (haxe.Timer and the event loop ask for it at start-up), recursive mutexes, message deques and
/// thread-local values. Creating threads is not supported yet (its native is missing, so calling it
/// raises "native not supported: std.thread_create").
/// </summary>
public static unsafe class ThreadNatives
{
    /// <summary>The same handle for every call on one VM thread (Haxe compares handles to find its thread).</summary>
    [HlNative("std", "thread_current")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Current() => VmThread.Current.Handle;

    [HlNative("std", "mutex_alloc")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint MutexAlloc(byte gcThread) => HandleTable.For(VmThread.Current.Runtime).Add(new object());

    [HlNative("std", "mutex_acquire")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void MutexAcquire(nint mutex)
    {
        if (Lookup(mutex) is { } m)
            Monitor.Enter(m);
    }

    [HlNative("std", "mutex_try_acquire")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte MutexTryAcquire(nint mutex) => (byte)(Lookup(mutex) is { } m && Monitor.TryEnter(m) ? 1 : 0);

    [HlNative("std", "mutex_release")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void MutexRelease(nint mutex)
    {
        if (Lookup(mutex) is { } m && Monitor.IsEntered(m))
            Monitor.Exit(m);
    }

    [HlNative("std", "mutex_free")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void MutexFree(nint mutex)
    {
    }

    private static object? Lookup(nint handle)
    {
        if (handle == 0)
        {
            HlErrors.NullAccess();
            return null;
        }
        return HandleTable.For(VmThread.Current.Runtime).Get(handle);
    }

    /// <summary>A thread-local value; with one HL thread it is a single heap slot (AllPointers).</summary>
    [HlNative("std", "tls_alloc")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint TlsAlloc(byte gcValue) => VmThread.Current.Runtime.Heap.Allocate(8, BlockLayout.AllPointers);

    [HlNative("std", "tls_get")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint TlsGet(nint tls) => tls == 0 ? 0 : *(nint*)tls;

    [HlNative("std", "tls_set")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void TlsSet(nint tls, nint value)
    {
        if (tls != 0)
            Gc.WriteBarrier.Store(tls, value);
    }
}
