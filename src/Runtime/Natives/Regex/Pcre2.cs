using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Regex;

/// <summary>
/// Bindings to the 16-bit code unit flavour of the system PCRE2 library (the one hl links), and the
/// constants of pcre2.h this runtime uses. Call <see cref="Pcre2Library.TryLoad"/> before any of these:
/// it installs the resolver that finds the library and reports when it is missing.
/// PCRE2_SIZE is size_t (nuint); code and match-data objects are opaque pointers.
/// </summary>
internal static unsafe partial class Pcre2
{
    // Compile options (pcre2_compile).
    public const uint AllowEmptyClass = 0x00000001;
    public const uint AltBsux = 0x00000002;
    public const uint Caseless = 0x00000008;
    public const uint DotAll = 0x00000020;
    public const uint MatchUnsetBackref = 0x00000200;
    public const uint Multiline = 0x00000400;
    public const uint Ucp = 0x00020000;
    public const uint Ungreedy = 0x00040000;
    public const uint Utf = 0x00080000;

    // Match options (pcre2_match).
    public const uint NoUtfCheck = 0x40000000;

    /// <summary>A length meaning "up to the terminating zero".</summary>
    public static nuint ZeroTerminated => nuint.MaxValue;

    public const int ErrorNoMatch = -1;

    /// <summary>pcre2_pattern_info query for the number of capturing groups (a uint32_t).</summary>
    public const uint InfoCaptureCount = 4;

    [LibraryImport(Pcre2Library.ImportName, EntryPoint = "pcre2_compile_16")]
    public static partial nint Compile(char* pattern, nuint length, uint options, int* errorCode, nuint* errorOffset, nint compileContext);

    [LibraryImport(Pcre2Library.ImportName, EntryPoint = "pcre2_code_free_16")]
    public static partial void CodeFree(nint code);

    [LibraryImport(Pcre2Library.ImportName, EntryPoint = "pcre2_pattern_info_16")]
    public static partial int PatternInfo(nint code, uint what, void* where);

    [LibraryImport(Pcre2Library.ImportName, EntryPoint = "pcre2_get_error_message_16")]
    public static partial int GetErrorMessage(int errorCode, char* buffer, nuint bufferLength);

    [LibraryImport(Pcre2Library.ImportName, EntryPoint = "pcre2_match_data_create_from_pattern_16")]
    public static partial nint MatchDataCreateFromPattern(nint code, nint generalContext);

    [LibraryImport(Pcre2Library.ImportName, EntryPoint = "pcre2_match_data_free_16")]
    public static partial void MatchDataFree(nint matchData);

    [LibraryImport(Pcre2Library.ImportName, EntryPoint = "pcre2_get_ovector_pointer_16")]
    public static partial nuint* GetOvectorPointer(nint matchData);

    [LibraryImport(Pcre2Library.ImportName, EntryPoint = "pcre2_match_16")]
    public static partial int Match(nint code, char* subject, nuint length, nuint startOffset, uint options, nint matchData, nint matchContext);
}
