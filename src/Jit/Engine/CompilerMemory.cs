using System.Runtime.InteropServices;

namespace Vm.Jit.Engine;

/// <summary>
/// Gives the C heap's free memory back to the system after a burst of compilation. LLVM allocates and frees
/// megabytes per module (IR, analyses, machine code); glibc keeps the freed pages in its arenas, so a program
/// that compiles at start-up and then builds its data would carry them at its peak.
/// </summary>
internal static partial class CompilerMemory
{
    private static bool _unavailable;

    public static void Release()
    {
        if (_unavailable)
            return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true; // not glibc: nothing to give back this way
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
