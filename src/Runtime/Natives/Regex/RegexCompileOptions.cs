namespace Vm.Runtime.Natives.Regex;

/// <summary>
/// The PCRE2 compile options of an EReg, as hl derives them: always Unicode (UTF and UCP, so \w, \d
/// and case folding follow Unicode properties), JavaScript-style \u and \x escapes (ALT_BSUX), an
/// empty class [] allowed, and a back reference to an unset group matching the empty string; then
/// one option per Haxe flag character.
/// </summary>
internal static unsafe class RegexCompileOptions
{
    public const uint Base = Pcre2.Ucp | Pcre2.Utf | Pcre2.AltBsux | Pcre2.AllowEmptyClass | Pcre2.MatchUnsetBackref;

    /// <summary>
    /// Reads the zero-terminated UTF-16 flag string: i (caseless), s (dot matches newlines),
    /// m (multiline anchors), u (accepted, Unicode is always on), g (ungreedy; EReg strips its own
    /// global "g" before calling). Any other character makes the whole string invalid (false).
    /// </summary>
    public static bool TryParse(char* flags, out uint options)
    {
        options = Base;
        for (var p = flags; *p != '\0'; p++)
        {
            switch (*p)
            {
                case 'i': options |= Pcre2.Caseless; break;
                case 's': options |= Pcre2.DotAll; break;
                case 'm': options |= Pcre2.Multiline; break;
                case 'u': break;
                case 'g': options |= Pcre2.Ungreedy; break;
                default: return false;
            }
        }
        return true;
    }
}
