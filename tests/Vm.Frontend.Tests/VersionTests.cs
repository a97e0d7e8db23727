using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.TestSupport;

namespace Vm.Frontend.Tests;

public class VersionTests
{
    private static byte[] Build(int version)
    {
        var b = new ModuleBuilder(version);
        var v = b.Type(TypeKind.Void);
        var bytes = b.Type(TypeKind.Bytes);
        var g = b.Global(bytes);
        var constantIndex = version >= 5 ? b.Bytes("raw\0"u8.ToArray()) : b.String("text");
        b.Function(b.Fun([], v), [v, bytes],
            [ModuleBuilder.Op(Opcode.Bytes, 1, constantIndex), ModuleBuilder.Op(Opcode.Ret, 0)],
            assigns: [("local", 0)]);
        if (version >= 4)
            b.Constant(g, 0);
        return b.Build();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Each_supported_version_reads_its_own_sections(int version)
    {
        var m = BytecodeReader.Read(Build(version));
        Assert.Equal(version, m.Version);
        Assert.True(m.HasDebugInfo);
        var f = m.Functions[0];
        // Assigns exist from version 3, constants from 4, the bytes pool from 5.
        Assert.Equal(version >= 3 ? 1 : 0, f.Assigns.Count);
        Assert.Equal(version >= 4 ? 1 : 0, m.Constants.Count);
        Assert.Equal(version >= 5 ? 1 : 0, m.BytesPositions.Count);
        var constant = m.GetBytesConstant(f.Instructions[0].B).ToArray();
        Assert.Equal(version >= 5 ? "raw\0"u8.ToArray() : "text\0"u8.ToArray(), constant);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(255)]
    public void Unsupported_versions_are_rejected_with_the_version_named(int version)
    {
        var data = Build(4);
        data[3] = (byte)version;
        var e = Assert.Throws<BytecodeFormatException>(() => BytecodeReader.Read(data));
        Assert.Equal("header", e.Section);
        Assert.Equal(3, e.Offset);
        Assert.Contains($"unsupported bytecode version {version}", e.Message);
    }

    [Fact]
    public void Haxe_writes_version_4_normally_and_version_5_with_resources()
    {
        var source = """
            class Res {
                static function main() {
                    var s = haxe.Resource.getString("greeting");
                    Sys.println(s);
                }
            }
            """;
        var plain = BytecodeReader.ReadFile(HaxeCompiler.CompileText("Res", source));
        Assert.Equal(4, plain.Version);
        Assert.Empty(plain.BytesPositions);

        var resource = Path.Combine(RepoPaths.Scratch, "greeting.txt");
        File.WriteAllText(resource, "hello resource");
        var v5 = BytecodeReader.ReadFile(HaxeCompiler.CompileText("Res", source, "-resource", resource + "@greeting"));
        Assert.Equal(5, v5.Version);
        Assert.NotEmpty(v5.BytesPositions);
        // The resource travels in the bytes pool.
        var blob = v5.BytesBlob.ToArray();
        Assert.True(blob.AsSpan().IndexOf("hello resource"u8) >= 0);
        // Every OBytes of a v5 module names a bytes constant.
        foreach (var ins in v5.Functions.SelectMany(f => f.Instructions).Where(i => i.Opcode == Opcode.Bytes))
            Assert.InRange(ins.B, 0, v5.BytesPositions.Count - 1);
    }

    [Fact]
    public void Modules_without_debug_info_have_no_positions()
    {
        var b = new ModuleBuilder(debug: false);
        var v = b.Type(TypeKind.Void);
        b.Function(b.Fun([], v), [v], [ModuleBuilder.Op(Opcode.Ret, 0)]);
        var m = BytecodeReader.Read(b.Build());
        Assert.False(m.HasDebugInfo);
        Assert.Null(m.Functions[0].Positions);
        Assert.Empty(m.DebugFiles);
    }
}
