namespace Vm.Runtime.Tests.Regex;

/// <summary>
/// Calls the regexp_* natives through their function pointers, as JIT code does, with C# strings
/// pinned as zero-terminated UTF-16 buffers (the hl.Bytes of a Haxe String).
/// </summary>
internal sealed unsafe class RegexFixture : IDisposable
{
    private readonly delegate* unmanaged<nint, nint, nint> _new;
    private readonly delegate* unmanaged<nint, nint, int, int, byte> _match;
    private readonly delegate* unmanaged<nint, int, int*, int> _matchedPos;
    private readonly delegate* unmanaged<nint, int> _matchedNum;

    public RegexFixture()
    {
        Runtime = new RuntimeFixture();
        _new = (delegate* unmanaged<nint, nint, nint>)Runtime.Native("std", "regexp_new_options");
        _match = (delegate* unmanaged<nint, nint, int, int, byte>)Runtime.Native("std", "regexp_match");
        _matchedPos = (delegate* unmanaged<nint, int, int*, int>)Runtime.Native("std", "regexp_matched_pos");
        _matchedNum = (delegate* unmanaged<nint, int>)Runtime.Native("std", "regexp_matched_num");
    }

    public RuntimeFixture Runtime { get; }

    /// <summary>regexp_new_options; the compiled value, or 0.</summary>
    public nint Compile(string pattern, string options = "")
    {
        fixed (char* p = pattern, o = options)
            return _new((nint)p, (nint)o);
    }

    /// <summary>Compiles and asserts success and no pending error.</summary>
    public nint CompileOk(string pattern, string options = "")
    {
        var r = Compile(pattern, options);
        Assert.Null(Runtime.TakePendingError());
        Assert.NotEqual(0, r);
        return r;
    }

    /// <summary>regexp_match over the whole string.</summary>
    public bool Match(nint r, string subject) => Match(r, subject, 0, subject.Length);

    public bool Match(nint r, string subject, int pos, int len)
    {
        fixed (char* s = subject)
            return _match(r, (nint)s, pos, len) != 0;
    }

    /// <summary>regexp_matched_pos: (position, length) of a group.</summary>
    public (int Pos, int Len) Group(nint r, int n)
    {
        var len = -99;
        var pos = _matchedPos(r, n, &len);
        return (pos, len);
    }

    /// <summary>regexp_matched_pos with a null length pointer (as matchedLeft calls it).</summary>
    public int GroupStart(nint r, int n) => _matchedPos(r, n, null);

    public int MatchedNum(nint r) => _matchedNum(r);

    /// <summary>The text of a group of the last match of <paramref name="subject"/>, null when unset.</summary>
    public string? Matched(nint r, string subject, int n)
    {
        var (pos, len) = Group(r, n);
        return pos < 0 ? null : subject.Substring(pos, len);
    }

    public void Dispose() => Runtime.Dispose();
}
