using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Memory;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;

namespace Vm.Runtime.Natives.Regex;

/// <summary>
/// The regexp_* natives of library std behind EReg, on PCRE2 for UTF-16 code units like hl.
/// Strings are hl.Bytes of UTF-16 code units; positions and lengths are in code units.
/// A regex value is a <see cref="RegexBlock"/> on the heap.
/// </summary>
public static unsafe class RegexpNatives
{
    /// <summary>Size of the buffer receiving PCRE2's compile error message, in code units.</summary>
    private const int ErrorMessageCapacity = 256;

    /// <summary>
    /// Compiles a zero-terminated UTF-16 pattern with the Haxe flags <paramref name="options"/>.
    /// Returns null (like hl) for an unknown flag character; raises "Regexp compilation error :
    /// MESSAGE in PATTERN" when PCRE2 rejects the pattern.
    /// </summary>
    [HlNative("std", "regexp_new_options"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint NewOptions(nint pattern, nint options)
    {
        if (pattern == 0 || options == 0)
        {
            HlErrors.NullAccess(); // hl reads through both pointers
            return 0;
        }
        if (!RegexCompileOptions.TryParse((char*)options, out var flags))
            return 0;
        if (!Pcre2Library.TryLoad())
        {
            HlErrors.Raise(Pcre2Library.MissingMessage);
            return 0;
        }

        int errorCode;
        nuint errorOffset;
        var code = Pcre2.Compile((char*)pattern, Pcre2.ZeroTerminated, flags, &errorCode, &errorOffset, 0);
        if (code == 0)
        {
            HlErrors.Raise($"Regexp compilation error : {ErrorMessage(errorCode)} in {HlStrings.ReadUtf16Z(pattern)}");
            return 0;
        }

        uint captures = 0;
        Pcre2.PatternInfo(code, Pcre2.InfoCaptureCount, &captures);
        var matchData = Pcre2.MatchDataCreateFromPattern(code, 0);
        if (matchData == 0)
        {
            Pcre2.CodeFree(code);
            HlErrors.Raise("Out of memory");
            return 0;
        }

        var block = VmThread.Current.Runtime.Heap.Allocate(sizeof(RegexBlock), BlockLayout.NoPointers);
        var r = (RegexBlock*)block;
        r->Code = code;
        r->MatchData = matchData;
        r->GroupCount = (int)captures + 1;
        r->Matched = 0;
        VmThread.Current.Runtime.Heap.Finalizers.Register(block, () =>
        {
            Pcre2.MatchDataFree(matchData);
            Pcre2.CodeFree(code);
        });
        return block;
    }

    /// <summary>
    /// Searches <paramref name="subject"/> from code unit <paramref name="pos"/>, seeing only its first
    /// pos + len code units (so ^ and \b still see the text before pos, and $ matches at pos + len).
    /// The subject is not checked for valid UTF-16, as in hl. A PCRE2 failure other than "no match"
    /// (such as pos beyond pos + len) raises hl's error.
    /// </summary>
    [HlNative("std", "regexp_match"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte Match(nint regex, nint subject, int pos, int len)
    {
        if (regex == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        var r = (RegexBlock*)regex;
        var end = (long)pos + len;
        // hl hands pos and pos + len to PCRE2 as size_t: a negative pos is an invalid offset there,
        // but a negative end would become a huge length and read past the string; refuse it instead.
        var result = end < 0 || end > int.MaxValue
            ? Pcre2.ErrorNoMatch - 1
            : Pcre2.Match(r->Code, (char*)subject, (nuint)end, (nuint)(nint)pos, Pcre2.NoUtfCheck, r->MatchData, 0);
        r->Matched = result >= 0 ? 1 : 0;
        if (result >= 0)
            return 1;
        if (result != Pcre2.ErrorNoMatch)
            HlErrors.Raise("An error occurred while running pcre2_match()");
        return 0;
    }

    /// <summary>
    /// The start of group <paramref name="n"/> in the last match, its length stored through
    /// <paramref name="len"/> when not null; -1 (length 0) for a group that did not participate.
    /// Raises when the last match failed or n is not a group of the pattern.
    /// </summary>
    [HlNative("std", "regexp_matched_pos"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int MatchedPos(nint regex, int n, int* len)
    {
        if (regex == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        var r = (RegexBlock*)regex;
        if (r->Matched == 0)
        {
            HlErrors.Raise("Calling regexp_matched_pos() on an unmatched regexp");
            return 0;
        }
        if (n < 0 || n >= r->GroupCount)
        {
            HlErrors.Raise($"Matched index {n} outside bounds");
            return 0;
        }
        var ovector = Pcre2.GetOvectorPointer(r->MatchData);
        // Offsets are truncated to int as hl does: an unset pair (both SIZE_MAX) gives -1 and length 0.
        var start = (int)ovector[2 * n];
        if (len != null)
            *len = (int)ovector[2 * n + 1] - start;
        return start;
    }

    /// <summary>The number of groups including group 0 after a successful match, -1 after a failed one.</summary>
    [HlNative("std", "regexp_matched_num"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int MatchedNum(nint regex)
    {
        if (regex == 0)
        {
            HlErrors.NullAccess();
            return 0;
        }
        var r = (RegexBlock*)regex;
        return r->Matched == 0 ? -1 : r->GroupCount;
    }

    /// <summary>PCRE2's text for a compile error code.</summary>
    private static string ErrorMessage(int errorCode)
    {
        var buffer = stackalloc char[ErrorMessageCapacity];
        buffer[0] = '\0';
        var length = Pcre2.GetErrorMessage(errorCode, buffer, ErrorMessageCapacity);
        // A negative result means an unknown code (buffer untouched) or a truncated, still terminated, message.
        return length >= 0 ? new string(buffer, 0, length) : HlStrings.ReadUtf16Z((nint)buffer);
    }
}
