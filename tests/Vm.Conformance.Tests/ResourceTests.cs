using Vm.Jit.Engine;
using Vm.TestSupport;

namespace Vm.Conformance.Tests;

/// <summary>Programs built with -resource (bytecode version 5) run and read their resources.</summary>
public class ResourceTests
{
    [Theory]
    [InlineData(ExecutionMode.Lazy)]
    [InlineData(ExecutionMode.Eager)]
    public void Resources_are_listed_and_readable_as_strings_and_bytes(ExecutionMode mode)
    {
        var dir = Path.Combine(RepoPaths.Scratch, "resources");
        Directory.CreateDirectory(dir);
        var text = Path.Combine(dir, "greeting.txt");
        File.WriteAllText(text, "hello resource ünïcode");
        var data = Path.Combine(dir, "data.bin");
        File.WriteAllBytes(data, Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray());
        var path = HaxeCompiler.CompileText("Res", """
            class Res {
                static function main() {
                    Sys.println(haxe.Resource.listNames());
                    Sys.println(haxe.Resource.getString("greeting"));
                    var b = haxe.Resource.getBytes("data");
                    Sys.println(b.length + " " + b.get(1) + " " + b.get(b.length - 1));
                    Sys.println(haxe.Resource.getString("missing"));
                }
            }
            """, "-resource", text + "@greeting", "-resource", data + "@data");
        Assert.Equal(5, Vm.Frontend.Reading.BytecodeReader.ReadFile(path).Version);
        var r = ProgramRunner.RunFile(path, mode);
        Assert.Equal($"[greeting,data]\nhello resource ünïcode\n300 7 {299 * 7 & 0xFF}\nnull\n", r.Stdout);
    }
}
