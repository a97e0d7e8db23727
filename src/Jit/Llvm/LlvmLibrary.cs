using System.Reflection;
using System.Runtime.InteropServices;

namespace Vm.Jit.Llvm;

/// <summary>
/// Locates the system's LLVM 19 shared library (Debian package libllvm19) for every
/// [LibraryImport("LLVM")] in this assembly, and reports a clear error when it is missing.
/// </summary>
public static class LlvmLibrary
{
    /// <summary>The library name the bindings import.</summary>
    public const string Name = "LLVM";

    public const int RequiredMajorVersion = 19;

    private static readonly string[] Candidates =
    [
        "libLLVM.so.19.1",
        "libLLVM-19.so",
        "/usr/lib/x86_64-linux-gnu/libLLVM.so.19.1",
        "/usr/lib/llvm-19/lib/libLLVM.so.19.1",
        "/usr/lib/llvm-19/lib/libLLVM-19.so",
    ];

    private static readonly Lazy<nint> Handle = new(LoadHandle);
    private static int _resolverInstalled;

    /// <summary>Installs the resolver (idempotent) and loads the library now; throws <see cref="LlvmNotFoundException"/> when it is missing.</summary>
    public static void EnsureLoaded()
    {
        if (Interlocked.Exchange(ref _resolverInstalled, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(LlvmLibrary).Assembly, Resolve);
        _ = Handle.Value;
    }

    /// <summary>Tries the given candidate names in order; used by <see cref="EnsureLoaded"/> and by tests that simulate a missing library.</summary>
    public static nint Load(IEnumerable<string> candidates)
    {
        var tried = new List<string>();
        foreach (var name in candidates)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
                return handle;
            tried.Add(name);
        }
        throw new LlvmNotFoundException(tried);
    }

    /// <summary>LLVM's own version numbers.</summary>
    public static (int Major, int Minor, int Patch) Version
    {
        get
        {
            EnsureLoaded();
            LlvmCore.GetVersion(out var major, out var minor, out var patch);
            return ((int)major, (int)minor, (int)patch);
        }
    }

    private static nint LoadHandle() => Load(Candidates);

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Name ? Handle.Value : 0;
}

/// <summary>The LLVM 19 shared library could not be loaded.</summary>
public sealed class LlvmNotFoundException(IReadOnlyList<string> tried)
    : Exception($"LLVM {LlvmLibrary.RequiredMajorVersion} was not found (tried {string.Join(", ", tried)}). " +
                "Install the Debian package 'libllvm19' (apt-get install libllvm19).")
{
    public IReadOnlyList<string> Tried { get; } = tried;
}
