namespace Vm.Runtime.Tests.Regex;

/// <summary>
/// regexp_new_options, regexp_match, regexp_matched_pos and regexp_matched_num; expected values from
/// PCRE2's semantics with hl's options and from ERegTest.out.
/// </summary>
public class RegexpNativesTests
{
    [Fact]
    public void Groups_report_positions_and_lengths_in_code_units()
    {
        using var f = new RegexFixture();
        var r = f.CompileOk(@"(\d+)-(\d+)");
        Assert.True(f.Match(r, "range 10-20 and 30-40"));
        Assert.Equal((6, 5), f.Group(r, 0));
        Assert.Equal((6, 2), f.Group(r, 1));
        Assert.Equal((9, 2), f.Group(r, 2));
        Assert.Equal(6, f.GroupStart(r, 0));
        Assert.Equal(3, f.MatchedNum(r));
        Assert.Null(f.Runtime.TakePendingError());
    }

    [Fact]
    public void An_unmatched_group_is_at_minus_one_with_length_zero()
    {
        using var f = new RegexFixture();
        var r = f.CompileOk("(a)?(b)");
        Assert.True(f.Match(r, "b"));
        Assert.Equal((-1, 0), f.Group(r, 1));
        Assert.Equal((0, 1), f.Group(r, 2));
        var trailing = f.CompileOk("(x)|(y)(z)?");
        Assert.True(f.Match(trailing, "y"));
        Assert.Equal((-1, 0), f.Group(trailing, 1));
        Assert.Equal((0, 1), f.Group(trailing, 2));
        Assert.Equal((-1, 0), f.Group(trailing, 3));
    }

    [Fact]
    public void A_group_index_outside_the_pattern_raises_hls_error()
    {
        using var f = new RegexFixture();
        var r = f.CompileOk(@"(\d+)-(\d+)");
        Assert.True(f.Match(r, "10-20"));
        f.Group(r, 5);
        Assert.Equal("Matched index 5 outside bounds", f.Runtime.TakePendingError()); // ERegTest.out
        f.Group(r, 3);
        Assert.Equal("Matched index 3 outside bounds", f.Runtime.TakePendingError());
        f.Group(r, -1);
        Assert.Equal("Matched index -1 outside bounds", f.Runtime.TakePendingError());
    }

    [Fact]
    public void Positions_need_a_successful_last_match()
    {
        using var f = new RegexFixture();
        var r = f.CompileOk("a");
        Assert.Equal(-1, f.MatchedNum(r));
        f.Group(r, 0);
        Assert.Equal("Calling regexp_matched_pos() on an unmatched regexp", f.Runtime.TakePendingError());
        Assert.True(f.Match(r, "cat"));
        Assert.Equal(1, f.MatchedNum(r));
        Assert.False(f.Match(r, "dog"));
        Assert.Null(f.Runtime.TakePendingError());
        Assert.Equal(-1, f.MatchedNum(r));
        f.Group(r, 0);
        Assert.Equal("Calling regexp_matched_pos() on an unmatched regexp", f.Runtime.TakePendingError());
    }

    [Fact]
    public void A_bad_pattern_raises_the_compilation_error_with_the_pattern()
    {
        using var f = new RegexFixture();
        Assert.Equal(0, f.Compile("(unclosed"));
        // ERegTest.out
        Assert.Equal("Regexp compilation error : missing closing parenthesis in (unclosed", f.Runtime.TakePendingError());
        Assert.Equal(0, f.Compile("a{2,1}"));
        Assert.Equal("Regexp compilation error : numbers out of order in {} quantifier in a{2,1}", f.Runtime.TakePendingError());
        Assert.Equal(0, f.Compile("\udc00"));
        Assert.StartsWith("Regexp compilation error : UTF-16 error: isolated low surrogate in ", f.Runtime.TakePendingError());
    }

    [Fact]
    public void An_unknown_flag_gives_null_without_an_error()
    {
        using var f = new RegexFixture();
        Assert.Equal(0, f.Compile("a", "x"));
        Assert.Null(f.Runtime.TakePendingError());
        Assert.Equal(0, f.Compile("a", "ix"));
        Assert.Null(f.Runtime.TakePendingError());
        Assert.NotEqual(0, f.CompileOk("a", "imsu"));
    }

    [Fact]
    public void Flags_select_caseless_multiline_dotall_and_ungreedy()
    {
        using var f = new RegexFixture();
        var ci = f.CompileOk("hello", "i");
        Assert.True(f.Match(ci, "Say HELLO there"));
        Assert.Equal("HELLO", f.Matched(ci, "Say HELLO there", 0));
        Assert.False(f.Match(f.CompileOk("hello"), "HELLO"));

        const string lines = "first\nline2\nother";
        var ml = f.CompileOk(@"^line\d$", "m");
        Assert.True(f.Match(ml, lines));
        Assert.Equal((6, 5), f.Group(ml, 0));
        Assert.False(f.Match(f.CompileOk(@"^line\d$"), lines));

        Assert.False(f.Match(f.CompileOk("a.b"), "a\nb"));
        Assert.True(f.Match(f.CompileOk("a.b", "s"), "a\nb"));

        // 'g' reaching the native makes quantifiers lazy (EReg strips its own global flag first).
        var ungreedy = f.CompileOk("a+", "g");
        Assert.True(f.Match(ungreedy, "aaa"));
        Assert.Equal((0, 1), f.Group(ungreedy, 0));
    }

    [Fact]
    public void Matching_is_unicode_aware_on_utf16()
    {
        using var f = new RegexFixture();
        var e = f.CompileOk("é+");
        Assert.True(f.Match(e, "caféé!"));
        Assert.Equal((3, 2), f.Group(e, 0)); // ERegTest.out: pos 3
        // UCP: \w and \d follow Unicode; caseless folds beyond ASCII.
        var word = f.CompileOk(@"\w+");
        Assert.True(f.Match(word, "--Ωmega--"));
        Assert.Equal((2, 5), f.Group(word, 0));
        Assert.True(f.Match(f.CompileOk(@"^\d$"), "٣"));
        Assert.True(f.Match(f.CompileOk("ÉTÉ", "i"), "été"));
        // A supplementary character is one character of two code units.
        var dot = f.CompileOk("^.$");
        Assert.True(f.Match(dot, "😀"));
        Assert.Equal((0, 2), f.Group(dot, 0));
    }

    [Fact]
    public void Hl_options_enable_js_escapes_empty_classes_and_unset_back_references()
    {
        using var f = new RegexFixture();
        Assert.True(f.Match(f.CompileOk(@"\u0041\x42"), "xAB"));
        Assert.False(f.Match(f.CompileOk("[]"), "anything"));
        Assert.True(f.Match(f.CompileOk("[^]"), "a"));
        var backref = f.CompileOk(@"(a)?\1b");
        Assert.True(f.Match(backref, "b"));
        Assert.Equal((0, 1), f.Group(backref, 0));
    }

    [Fact]
    public void Match_searches_from_pos_and_sees_only_pos_plus_len_units()
    {
        using var f = new RegexFixture();
        var r = f.CompileOk(@"(\d+)-(\d+)");
        const string s = "10-20 and 30-40";
        Assert.True(f.Match(r, s, 3, s.Length - 3));
        Assert.Equal("30-40", f.Matched(r, s, 0)); // ERegTest.out: matchSub
        // The text before pos still counts for anchors and word boundaries.
        Assert.False(f.Match(f.CompileOk("^b"), "ab", 1, 1));
        Assert.False(f.Match(f.CompileOk(@"\bb"), "ab", 1, 1));
        Assert.True(f.Match(f.CompileOk(@"\bb"), "a b", 2, 1));
        // The end of the window is the end of the subject.
        var end = f.CompileOk("c$");
        Assert.True(f.Match(end, "abcd", 0, 3));
        Assert.Equal((2, 1), f.Group(end, 0));
        Assert.False(f.Match(f.CompileOk("d"), "abcd", 0, 3));
        // An empty window at the end of the string matches the empty pattern there.
        var empty = f.CompileOk("");
        Assert.True(f.Match(empty, "abc", 3, 0));
        Assert.Equal((3, 0), f.Group(empty, 0));
    }

    [Fact]
    public void A_start_after_the_end_raises_hls_match_error()
    {
        using var f = new RegexFixture();
        var r = f.CompileOk("a");
        Assert.True(f.Match(r, "aaa"));
        Assert.False(f.Match(r, "aaa", 5, -2)); // matchSub(s, 5) on a 3-unit string
        Assert.Equal("An error occurred while running pcre2_match()", f.Runtime.TakePendingError());
        Assert.Equal(-1, f.MatchedNum(r));
        Assert.False(f.Match(r, "aaa", -1, 2));
        Assert.Equal("An error occurred while running pcre2_match()", f.Runtime.TakePendingError());
        Assert.False(f.Match(r, "aaa", 1, -5));
        Assert.Equal("An error occurred while running pcre2_match()", f.Runtime.TakePendingError());
    }

    [Fact]
    public void A_null_regex_raises_null_access()
    {
        using var f = new RegexFixture();
        Assert.False(f.Match(0, "a"));
        Assert.Equal("Null access", f.Runtime.TakePendingError());
        Assert.Equal(0, f.MatchedNum(0));
        Assert.Equal("Null access", f.Runtime.TakePendingError());
    }

    [Fact]
    public void The_pattern_stops_at_its_first_zero_unit()
    {
        using var f = new RegexFixture();
        var r = f.CompileOk("ab\0cd");
        Assert.True(f.Match(r, "xab"));
        Assert.Equal((1, 2), f.Group(r, 0));
        Assert.Equal(1, f.MatchedNum(r));
    }
}
