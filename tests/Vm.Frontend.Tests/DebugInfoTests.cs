using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.TestSupport;

namespace Vm.Frontend.Tests;

public class DebugInfoTests
{
    [Fact]
    public void Positions_decode_across_every_line_table_encoding()
    {
        // Runs on one line (longer than one run byte), small deltas, big jumps, backwards lines, file switches.
        (int File, int Line)[] expected =
        [
            (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1),
            (0, 5), (0, 36), (0, 40_000), (0, 12), (1, 12), (1, 13), (300, 900_000), (0, 2),
        ];
        var b = new ModuleBuilder();
        b.DebugFile("A.hx");
        for (var i = 1; i <= 300; i++)
            b.DebugFile($"F{i}.hx");
        var v = b.Type(TypeKind.Void);
        var code = Enumerable.Repeat(ModuleBuilder.Op(Opcode.Nop), expected.Length - 1).Append(ModuleBuilder.Op(Opcode.Ret, 0));
        b.Function(b.Fun([], v), [v], code, positions: expected);
        var m = BytecodeReader.Read(b.Build());
        var actual = m.Functions[0].Positions!.Select(p => (p.FileIndex, p.Line)).ToArray();
        Assert.Equal(expected, actual);
        Assert.Equal("F300.hx", m.DebugFiles[300]);
    }

    [Fact]
    public void A_debug_file_index_out_of_range_is_rejected()
    {
        var b = new ModuleBuilder();
        b.DebugFile("A.hx");
        var v = b.Type(TypeKind.Void);
        b.Function(b.Fun([], v), [v], [ModuleBuilder.Op(Opcode.Ret, 0)], positions: [(7, 1)]);
        var e = Assert.Throws<BytecodeFormatException>(() => BytecodeReader.Read(b.Build()));
        Assert.Contains("debug file index 7", e.Message);
        Assert.StartsWith("function #0", e.Section);
    }
}
