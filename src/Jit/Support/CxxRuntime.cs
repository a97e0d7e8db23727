using System.Runtime.InteropServices;

namespace Vm.Jit.Support;

/// <summary>
/// The Itanium C++ ABI pieces JIT code uses to throw and catch through the platform unwinder:
/// located in the system's libstdc++ and handed to the JIT as absolute symbols.
/// </summary>
internal static class CxxRuntime
{
    public const string AllocateException = "__cxa_allocate_exception";
    public const string ThrowException = "__cxa_throw";
    public const string BeginCatch = "__cxa_begin_catch";
    public const string EndCatch = "__cxa_end_catch";
    public const string Personality = "__gxx_personality_v0";
    public const string PointerTypeInfo = "_ZTIPv";
    public const string UnwindResume = "_Unwind_Resume";
    public const string RaiseException = "_Unwind_RaiseException";

    private static readonly Lazy<IReadOnlyList<(string, nint)>> Resolved = new(Resolve);

    /// <summary>Name and address of every symbol above.</summary>
    public static IReadOnlyList<(string Name, nint Address)> Symbols => Resolved.Value;

    private static IReadOnlyList<(string, nint)> Resolve()
    {
        var stdcxx = Load("libstdc++.so.6", "libstdc++6");
        var gcc = Load("libgcc_s.so.1", "libgcc-s1");
        return
        [
            (AllocateException, NativeLibrary.GetExport(stdcxx, AllocateException)),
            (ThrowException, NativeLibrary.GetExport(stdcxx, ThrowException)),
            (BeginCatch, NativeLibrary.GetExport(stdcxx, BeginCatch)),
            (EndCatch, NativeLibrary.GetExport(stdcxx, EndCatch)),
            (Personality, NativeLibrary.GetExport(stdcxx, Personality)),
            (PointerTypeInfo, NativeLibrary.GetExport(stdcxx, PointerTypeInfo)),
            (UnwindResume, NativeLibrary.GetExport(gcc, UnwindResume)),
            (RaiseException, NativeLibrary.GetExport(gcc, RaiseException)),
        ];
    }

    private static nint Load(string name, string package) =>
        NativeLibrary.TryLoad(name, out var h) ? h
            : throw new DllNotFoundException($"{name} is needed to unwind through JIT code; install the Debian package '{package}'");
}
