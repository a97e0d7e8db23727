using System.Reflection;
using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Regex;

/// <summary>
/// Finds the system PCRE2 library for 16-bit code units (Debian package libpcre2-16-0) and resolves
/// the <see cref="Pcre2"/> imports to it. The library is loaded on first use, not when the runtime
/// starts, so programs without regular expressions run without it.
/// </summary>
internal static class Pcre2Library
{
    /// <summary>The name the [LibraryImport]s use; the resolver maps it to the loaded library.</summary>
    public const string ImportName = "libpcre2-16.so.0";

    /// <summary>The Debian package that provides the library.</summary>
    public const string Package = "libpcre2-16-0";

    private static readonly string[] Candidates = ["libpcre2-16.so.0", "libpcre2-16.so", "libpcre2-16.0.dylib", "libpcre2-16.dylib"];

    private static readonly Lock Gate = new();
    private static bool _attempted;
    private static nint _handle;

    /// <summary>The error raised to Haxe code when the library cannot be loaded.</summary>
    public static string MissingMessage =>
        $"Regular expressions need the PCRE2 library for 16-bit code units ({ImportName}), which could not be loaded: install the package {Package}";

    /// <summary>Loads the library once; false when it is not installed.</summary>
    public static bool TryLoad()
    {
        if (Volatile.Read(ref _attempted))
            return _handle != 0;
        lock (Gate)
        {
            if (!_attempted)
            {
                foreach (var name in Candidates)
                    if (NativeLibrary.TryLoad(name, out _handle))
                        break;
                if (_handle != 0)
                    InstallResolver();
                Volatile.Write(ref _attempted, true);
            }
            return _handle != 0;
        }
    }

    private static void InstallResolver()
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pcre2Library).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // The assembly already has a resolver (one per assembly): the loader's default probing
            // then finds ImportName, the library's own soname, which is how it was just loaded.
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == ImportName ? _handle : 0;
}
