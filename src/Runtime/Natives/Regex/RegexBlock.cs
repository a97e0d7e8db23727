using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Regex;

/// <summary>
/// The abstract HL value "ereg": a small heap block without references holding the PCRE2 objects of
/// one compiled regular expression and the state of its last match (the match data is per regex,
/// as in hl, so one EReg is not meant to be shared between threads).
/// The PCRE2 code and match data live in native memory: a finalizer registered with the block frees
/// them when a collection finds the block dead.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RegexBlock
{
    /// <summary>The compiled pattern (pcre2_code_16*).</summary>
    public nint Code;

    /// <summary>The match data sized for the pattern (pcre2_match_data_16*), holding the last match's ovector.</summary>
    public nint MatchData;

    /// <summary>Capturing groups plus one for the whole match: the valid group indices are 0 to GroupCount - 1.</summary>
    public int GroupCount;

    /// <summary>1 when the last match succeeded (the ovector is then meaningful), else 0.</summary>
    public int Matched;
}
