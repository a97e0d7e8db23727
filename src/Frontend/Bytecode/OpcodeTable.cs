using static Vm.Frontend.Bytecode.OperandKind;

namespace Vm.Frontend.Bytecode;

/// <summary>
/// The single opcode table. The reader decodes with it, the disassembler prints with it,
/// the CFG builder finds jumps with it and the verifier checks operands with it.
/// </summary>
public static class OpcodeTable
{
    private static readonly OpcodeInfo[] Rows = Build();

    /// <summary>Number of opcodes defined by the format.</summary>
    public static int Count => Rows.Length;

    /// <summary>All rows, indexed by opcode number.</summary>
    public static IReadOnlyList<OpcodeInfo> All => Rows;

    /// <summary>The row of one opcode.</summary>
    public static OpcodeInfo Get(Opcode op) => Rows[(int)op];

    /// <summary>Looks up a raw opcode byte; false when the byte is not an opcode.</summary>
    public static bool TryGet(int raw, out OpcodeInfo info)
    {
        if ((uint)raw < (uint)Rows.Length)
        {
            info = Rows[raw];
            return true;
        }
        info = null!;
        return false;
    }

    private static OpcodeInfo[] Build()
    {
        var rows = new List<OpcodeInfo>();
        void Op(Opcode op, ControlFlowKind flow, OperandList? list, params OperandKind[] operands)
        {
            if ((int)op != rows.Count)
                throw new InvalidOperationException($"opcode table out of order at {op}");
            rows.Add(new OpcodeInfo(op, "O" + op, operands, list, flow));
        }
        void Plain(Opcode op, params OperandKind[] operands) => Op(op, ControlFlowKind.None, null, operands);

        var args = new OperandList(Reg, CountIsByte: true, Position: 2);
        var none = ControlFlowKind.None;

        Plain(Opcode.Mov, Dst, Reg);
        Plain(Opcode.Int, Dst, IntConst);
        Plain(Opcode.Float, Dst, FloatConst);
        Plain(Opcode.Bool, Dst, Immediate);
        Plain(Opcode.Bytes, Dst, Bytes);
        Plain(Opcode.String, Dst, OperandKind.String);
        Plain(Opcode.Null, Dst);
        for (var op = Opcode.Add; op <= Opcode.Xor; op++)
            Plain(op, Dst, Reg, Reg);
        Plain(Opcode.Neg, Dst, Reg);
        Plain(Opcode.Not, Dst, Reg);
        Plain(Opcode.Incr, RegInOut);
        Plain(Opcode.Decr, RegInOut);
        Plain(Opcode.Call0, Dst, Function);
        Plain(Opcode.Call1, Dst, Function, Reg);
        Plain(Opcode.Call2, Dst, Function, Reg, Reg);
        Plain(Opcode.Call3, Dst, Function, Reg, Reg, Reg);
        Plain(Opcode.Call4, Dst, Function, Reg, Reg, Reg, Reg);
        Op(Opcode.CallN, none, args, Dst, Function);
        Op(Opcode.CallMethod, none, args, Dst, Method);
        Op(Opcode.CallThis, none, args, Dst, Method);
        Op(Opcode.CallClosure, none, args, Dst, Reg);
        Plain(Opcode.StaticClosure, Dst, Function);
        Plain(Opcode.InstanceClosure, Dst, Function, Reg);
        Plain(Opcode.VirtualClosure, Dst, Reg, Method);
        Plain(Opcode.GetGlobal, Dst, Global);
        Plain(Opcode.SetGlobal, Global, Reg);
        Plain(Opcode.Field, Dst, Reg, Field);
        Plain(Opcode.SetField, Reg, Field, Reg);
        Plain(Opcode.GetThis, Dst, Field);
        Plain(Opcode.SetThis, Field, Reg);
        Plain(Opcode.DynGet, Dst, Reg, OperandKind.String);
        Plain(Opcode.DynSet, Reg, OperandKind.String, Reg);
        for (var op = Opcode.JTrue; op <= Opcode.JNotNull; op++)
            Op(op, ControlFlowKind.Branch, null, Reg, Jump);
        for (var op = Opcode.JSLt; op <= Opcode.JNotEq; op++)
            Op(op, ControlFlowKind.Branch, null, Reg, Reg, Jump);
        Op(Opcode.JAlways, ControlFlowKind.Goto, null, Jump);
        for (var op = Opcode.ToDyn; op <= Opcode.ToVirtual; op++)
            Plain(op, Dst, Reg);
        Plain(Opcode.Label);
        Op(Opcode.Ret, ControlFlowKind.Exit, null, Reg);
        Op(Opcode.Throw, ControlFlowKind.Exit, null, Reg);
        Op(Opcode.Rethrow, ControlFlowKind.Exit, null, Reg);
        Op(Opcode.Switch, ControlFlowKind.Switch, new OperandList(Jump, CountIsByte: false, Position: 1), Reg, SwitchEnd);
        Plain(Opcode.NullCheck, Reg);
        Op(Opcode.Trap, ControlFlowKind.TrapEnter, null, Dst, Jump);
        Op(Opcode.EndTrap, ControlFlowKind.TrapExit, null, Immediate);
        for (var op = Opcode.GetI8; op <= Opcode.GetArray; op++)
            Plain(op, Dst, Reg, Reg);
        for (var op = Opcode.SetI8; op <= Opcode.SetArray; op++)
            Plain(op, Reg, Reg, Reg);
        Plain(Opcode.New, Dst);
        Plain(Opcode.ArraySize, Dst, Reg);
        Plain(Opcode.Type, Dst, OperandKind.Type);
        Plain(Opcode.GetType, Dst, Reg);
        Plain(Opcode.GetTID, Dst, Reg);
        Plain(Opcode.Ref, Dst, Reg);
        Plain(Opcode.Unref, Dst, Reg);
        Plain(Opcode.Setref, Reg, Reg);
        Op(Opcode.MakeEnum, none, args, Dst, Construct);
        Plain(Opcode.EnumAlloc, Dst, Construct);
        Plain(Opcode.EnumIndex, Dst, Reg);
        Plain(Opcode.EnumField, Dst, Reg, Construct, ConstructParam);
        Plain(Opcode.SetEnumField, Reg, ConstructParam, Reg);
        Plain(Opcode.Assert);
        Plain(Opcode.RefData, Dst, Reg);
        Plain(Opcode.RefOffset, Dst, Reg, Reg);
        Plain(Opcode.Nop);
        Plain(Opcode.Prefetch, Reg, Immediate, Immediate);
        Plain(Opcode.Asm, Immediate, Immediate, Immediate);
        Plain(Opcode.Catch, Immediate);
        return rows.ToArray();
    }
}
