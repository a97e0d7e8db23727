using Vm.Frontend.Bytecode;
using Vm.Frontend.Disassembly;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.TestSupport;

namespace Vm.Frontend.Tests;

public class OpcodeTableTests
{
    [Fact]
    public void Table_has_one_row_per_opcode_in_format_order()
    {
        var opcodes = Enum.GetValues<Opcode>();
        Assert.Equal(opcodes.Length, OpcodeTable.Count);
        Assert.Equal(102, OpcodeTable.Count);
        foreach (var op in opcodes)
        {
            Assert.Equal(op, OpcodeTable.Get(op).Opcode);
            Assert.Equal("O" + op, OpcodeTable.Get(op).Name);
        }
        Assert.False(OpcodeTable.TryGet(OpcodeTable.Count, out _));
        Assert.False(OpcodeTable.TryGet(-1, out _));
    }

    [Theory]
    // Encoded operand counts as the format defines them (fixed operands; lists separately).
    [InlineData(Opcode.Mov, 2)]
    [InlineData(Opcode.Null, 1)]
    [InlineData(Opcode.Incr, 1)]
    [InlineData(Opcode.Call0, 2)]
    [InlineData(Opcode.Call1, 3)]
    [InlineData(Opcode.Call2, 4)]
    [InlineData(Opcode.Call3, 5)]
    [InlineData(Opcode.Call4, 6)]
    [InlineData(Opcode.SetField, 3)]
    [InlineData(Opcode.JAlways, 1)]
    [InlineData(Opcode.JSLt, 3)]
    [InlineData(Opcode.Label, 0)]
    [InlineData(Opcode.Trap, 2)]
    [InlineData(Opcode.EndTrap, 1)]
    [InlineData(Opcode.EnumField, 4)]
    [InlineData(Opcode.Assert, 0)]
    [InlineData(Opcode.RefOffset, 3)]
    [InlineData(Opcode.Prefetch, 3)]
    [InlineData(Opcode.Asm, 3)]
    [InlineData(Opcode.Catch, 1)]
    public void Fixed_operand_counts_match_the_format(Opcode op, int count) =>
        Assert.Equal(count, OpcodeTable.Get(op).Operands.Length);

    [Fact]
    public void Variable_lists_are_call_arguments_or_switch_targets()
    {
        var withList = OpcodeTable.All.Where(r => r.List is not null).Select(r => r.Opcode).ToArray();
        Assert.Equal([Opcode.CallN, Opcode.CallMethod, Opcode.CallThis, Opcode.CallClosure, Opcode.Switch, Opcode.MakeEnum], withList);
        Assert.Equal(OperandKind.Jump, OpcodeTable.Get(Opcode.Switch).List!.Kind);
        Assert.False(OpcodeTable.Get(Opcode.Switch).List!.CountIsByte);
        Assert.True(OpcodeTable.Get(Opcode.CallN).List!.CountIsByte);
    }

    [Fact]
    public void Control_flow_kinds_cover_jumps_exits_and_traps()
    {
        Assert.Equal(ControlFlowKind.Branch, OpcodeTable.Get(Opcode.JNotEq).Flow);
        Assert.Equal(ControlFlowKind.Goto, OpcodeTable.Get(Opcode.JAlways).Flow);
        Assert.Equal(ControlFlowKind.Switch, OpcodeTable.Get(Opcode.Switch).Flow);
        Assert.Equal(ControlFlowKind.Exit, OpcodeTable.Get(Opcode.Rethrow).Flow);
        Assert.Equal(ControlFlowKind.TrapEnter, OpcodeTable.Get(Opcode.Trap).Flow);
        Assert.Equal(ControlFlowKind.TrapExit, OpcodeTable.Get(Opcode.EndTrap).Flow);
        Assert.False(OpcodeTable.Get(Opcode.Ret).FallsThrough);
        Assert.True(OpcodeTable.Get(Opcode.JTrue).FallsThrough);
        Assert.False(OpcodeTable.Get(Opcode.Call2).EndsBlock);
    }

    public static TheoryData<Opcode> AllOpcodes() => new(Enum.GetValues<Opcode>());

    [Theory]
    [MemberData(nameof(AllOpcodes))]
    public void Every_opcode_round_trips_through_the_encoding(Opcode op)
    {
        var fixture = new EveryShapeModule();
        var ins = fixture.Sample(op);
        var module = BytecodeReader.Read(fixture.BuildWith(ins));
        var read = module.Functions[0].Instructions[0];
        Assert.Equal(op, read.Opcode);
        Assert.Equal(ins.Operands.ToArray(), read.Operands.ToArray());
        Assert.Equal(ins.List.ToArray(), read.List.ToArray());

        var text = new StringWriter();
        new Disassembler(module).WriteFunction(text, module.Functions[0]);
        Assert.Contains(OpcodeTable.Get(op).Name, text.ToString());
    }

    [Theory]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(8191)]
    [InlineData(8192)]
    [InlineData(100_000)]
    [InlineData(-1)]
    [InlineData(-8191)]
    [InlineData(-8192)]
    [InlineData(-70_000)]
    public void Compact_indices_of_every_width_decode(int value)
    {
        var b = new ModuleBuilder();
        var i32 = b.Type(TypeKind.I32);
        var fun = b.Fun([], i32);
        var ints = Enumerable.Range(0, 1).Select(_ => b.Int(value)).ToArray();
        b.Function(fun, [i32], [ModuleBuilder.Op(Opcode.Int, 0, ints[0]), ModuleBuilder.Op(Opcode.Ret, 0)]);
        var module = BytecodeReader.Read(b.Build());
        Assert.Equal(value, module.Ints[0]);

        // Jump offsets of every width, backwards and forwards, through a long function.
        var distance = Math.Min(Math.Abs(value), 20_000);
        var code = new List<Instruction> { ModuleBuilder.Op(Opcode.JAlways, distance) };
        code.AddRange(Enumerable.Repeat(ModuleBuilder.Op(Opcode.Nop), distance));
        code.Add(ModuleBuilder.Op(Opcode.JAlways, -(distance + 2)));
        var b2 = new ModuleBuilder(debug: false);
        var v = b2.Type(TypeKind.Void);
        b2.Function(b2.Fun([], v), [v], code);
        var f = BytecodeReader.Read(b2.Build()).Functions[0];
        Assert.Equal(distance, f.Instructions[0].A);
        Assert.Equal(-(distance + 2), f.Instructions[^1].A);
    }
}
