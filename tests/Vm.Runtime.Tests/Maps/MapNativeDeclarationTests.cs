using Vm.Frontend.Reading;
using Vm.TestSupport;

namespace Vm.Runtime.Tests.Maps;

public class MapNativeDeclarationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_map_native_the_standard_library_declares_is_implemented_with_its_signature(bool hl111)
    {
        var path = HaxeCompiler.CompileText("MapDeclarations", """
            class K { public function new() {} }
            class MapDeclarations {
                static function main() {
                    var s = new Map<String, Int>();
                    s.set("a", 1); s.remove("a"); s.clear();
                    var i = new Map<Int, String>();
                    i.set(1, "x"); i.remove(1); i.clear();
                    var o = new Map<K, Int>();
                    var k = new K();
                    o.set(k, 1); o.remove(k); o.clear();
                    var n = 0;
                    for (x in s.keys()) n++;
                    for (x in i.keys()) n++;
                    for (x in o.keys()) n++;
                    for (x in s) n++;
                    for (x in i) n++;
                    for (x in o) n++;
                    Sys.println(s.exists("a") || i.exists(1) || o.exists(k) ? s.get("a") + i.get(1) + o.get(k) : n);
                }
            }
            """, hl111 ? ["-D", "hl-ver=1.11.0"] : []);
        // Loading checks every declared native against its C# signature and throws on a mismatch.
        using var runtime = new VmRuntime(BytecodeReader.ReadFile(path));
        var maps = runtime.Natives.All.Where(b => b.Native.Library == "std" && b.Native.Name.Length > 2
            && b.Native.Name[0] == 'h' && b.Native.Name[1] is 'b' or 'i' or 'o').ToList();
        // Haxe 4.2.5 targets hl 1.10 unless told otherwise: clear() then makes a new map instead of calling h?clear.
        string[] expected = ["hballoc", "hbset", "hbget", "hbexists", "hbremove", "hbkeys", "hbvalues",
            "hialloc", "hiset", "higet", "hiexists", "hiremove", "hikeys", "hivalues",
            "hoalloc", "hoset", "hoget", "hoexists", "horemove", "hokeys", "hovalues"];
        if (hl111)
            expected = [.. expected, "hbclear", "hiclear", "hoclear"];
        Assert.Equal(string.Join(",", expected.Order()), string.Join(",", maps.Select(b => b.Native.Name).Order()));
        Assert.All(maps, b => Assert.False(b.IsMissing, b.Native.Name));
    }
}
