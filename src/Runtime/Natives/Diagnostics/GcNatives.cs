using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;

namespace Vm.Runtime.Natives.Diagnostics;

/// <summary>hl.Gc: collection control and statistics, answered by the runtime's heap.</summary>
public static unsafe class GcNatives
{
    /// <summary>Marks a blocking section for the collector's stop-the-world; nothing to do with one HL thread.</summary>
    [HlNative("std", "blocking")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Blocking(byte entering)
    {
    }

    [HlNative("std", "gc_enable")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Enable(byte enabled) => VmThread.Current.Runtime.Heap.CollectionEnabled = enabled != 0;

    /// <summary>A full collection; the heap collects at its own safepoints, so this only requests one.</summary>
    [HlNative("std", "gc_major")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Major() => VmThread.Current.Runtime.Heap.RequestFullCollection();

    [HlNative("std", "gc_stats")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Stats(double* totalAllocated, double* allocationCount, double* currentMemory)
    {
        var heap = VmThread.Current.Runtime.Heap;
        if (totalAllocated != null)
            *totalAllocated = heap.BytesAllocated;
        if (allocationCount != null)
            *allocationCount = heap.AllocationCount;
        if (currentMemory != null)
            *currentMemory = heap.BytesReserved;
    }

    [HlNative("std", "gc_get_flags")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int GetFlags() => VmThread.Current.Runtime.Heap.Flags;

    [HlNative("std", "gc_set_flags")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void SetFlags(int flags) => VmThread.Current.Runtime.Heap.Flags = flags;

    /// <summary>
    /// Writes a memory report to the given file. HashLink writes its own binary heap dump for its
    /// analyzer; this runtime's heap differs, so the file is a readable summary instead.
    /// </summary>
    [HlNative("std", "gc_dump_memory")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void DumpMemory(nint fileName)
    {
        var heap = VmThread.Current.Runtime.Heap;
        var path = fileName == 0 ? "hlmemory.dump" : HlStrings.ReadUtf8Z(fileName);
        try
        {
            File.WriteAllText(path, new StringBuilder()
                .AppendLine("vm heap summary")
                .AppendLine($"allocated bytes: {heap.BytesAllocated}")
                .AppendLine($"allocations: {heap.AllocationCount}")
                .AppendLine($"reserved bytes: {heap.BytesReserved}")
                .ToString());
        }
        catch (IOException e)
        {
            HlErrors.Raise("Failed to open " + path + ": " + e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            HlErrors.Raise("Failed to open " + path + ": " + e.Message);
        }
    }
}
