using Vm.Frontend.Reading;
using Vm.TestSupport;

namespace Vm.Runtime.Tests.Regex;

public class RegexNativeDeclarationTests
{
    [Fact]
    public void Every_regexp_native_ereg_declares_is_implemented_with_its_signature()
    {
        var path = HaxeCompiler.CompileText("RegexDeclarations", """
            class RegexDeclarations {
                static function main() {
                    var r = ~/(a)(b)?/g;
                    Sys.println(r.match("ab") + " " + r.matched(1) + r.matchedLeft() + r.matchSub("xab", 1)
                        + r.split("xaby") + r.replace("ab", "$1") + r.map("ab", e -> "z") + EReg.escape("."));
                }
            }
            """);
        // Loading checks every declared native against its C# signature and throws on a mismatch.
        using var runtime = new VmRuntime(BytecodeReader.ReadFile(path));
        var regex = runtime.Natives.All.Where(b => b.Native.Library == "std" && b.Native.Name.StartsWith("regexp_", StringComparison.Ordinal)).ToList();
        Assert.Equal("regexp_match,regexp_matched_pos,regexp_new_options", string.Join(",", regex.Select(b => b.Native.Name).Order()));
        Assert.All(regex, b => Assert.False(b.IsMissing, b.Native.Name));
        // hl also exports regexp_matched_num, which no Haxe 4.2.5 class declares.
        Assert.NotNull(runtime.Options.Natives.Find("std", "regexp_matched_num"));
    }
}
