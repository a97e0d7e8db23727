using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Debugging;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Natives.Diagnostics;

/// <summary>
/// hl.Profile: allocation tracking. It is off here, as it is in hl unless enabled: the bits read 0 and
/// there are no entries. Field names and symbols resolve from the runtime's tables.
/// </summary>
public static unsafe class ProfileNatives
{
    [HlNative("std", "track_init")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Init()
    {
    }

    [HlNative("std", "track_reset")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Reset()
    {
    }

    [HlNative("std", "track_lock")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Lock(byte locked)
    {
    }

    [HlNative("std", "track_set_depth")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void SetDepth(int depth)
    {
    }

    [HlNative("std", "track_get_bits")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int GetBits(byte thread) => 0;

    [HlNative("std", "track_set_bits")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void SetBits(int bits, byte thread)
    {
    }

    [HlNative("std", "track_count")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Count(int* maxDepth)
    {
        if (maxDepth != null)
            *maxDepth = 0;
        return 0;
    }

    [HlNative("std", "track_entry")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Entry(int id, nint* type, int* count, int* info, nint stack) => 0;

    /// <summary>The name registered for a field hash, as UTF-16 bytes; null when unknown.</summary>
    [HlNative("std", "field_name")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint FieldName(int hash)
    {
        var rt = VmThread.Current.Runtime;
        return rt.FieldHashes.NameOf(hash) is { } name ? rt.Strings.AllocUtf16(name) : 0;
    }

    /// <summary>Text of a code address ("Class.method(File.hx:line)") written into <paramref name="buffer"/>; null when unknown.</summary>
    [HlNative("std", "resolve_symbol")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint ResolveSymbol(nint symbol, nint buffer, int* size)
    {
        var rt = VmThread.Current.Runtime;
        if (buffer == 0 || size == null || !rt.CallSites.TryGet(symbol, out var site))
            return 0;
        var text = CallSites.Describe(rt.Module, site);
        var n = Math.Min(text.Length, Math.Max(0, *size - 1));
        text.AsSpan(0, n).CopyTo(new Span<char>((void*)buffer, n));
        ((char*)buffer)[n] = '\0';
        *size = n;
        return buffer;
    }
}
