namespace Vm.Frontend.Bytecode;

/// <summary>One row of the opcode table: name, operand shape and control flow of one opcode.</summary>
/// <param name="Opcode">The opcode.</param>
/// <param name="Name">The name as HashLink spells it (e.g. "OCall2").</param>
/// <param name="Operands">Fixed operands in encoding order (the list, if any, is inserted at <see cref="OperandList.Position"/>).</param>
/// <param name="List">The variable-length operand list, or null.</param>
/// <param name="Flow">How the opcode transfers control.</param>
public sealed record OpcodeInfo(Opcode Opcode, string Name, OperandKind[] Operands, OperandList? List, ControlFlowKind Flow)
{
    /// <summary>True when the instruction ends a basic block.</summary>
    public bool EndsBlock => Flow != ControlFlowKind.None;

    /// <summary>True when control can continue at the next instruction.</summary>
    public bool FallsThrough => Flow is not (ControlFlowKind.Goto or ControlFlowKind.Exit);

    /// <summary>Index of the first fixed operand of the given kind, or -1.</summary>
    public int IndexOf(OperandKind kind) => Array.IndexOf(Operands, kind);
}
