namespace Vm.Frontend.Bytecode;

/// <summary>A variable-length operand list: call arguments or switch targets.</summary>
/// <param name="Kind">What each element refers to (<see cref="OperandKind.Reg"/> or <see cref="OperandKind.Jump"/>).</param>
/// <param name="CountIsByte">True when the element count is one raw byte; false when it is an unsigned compact index.</param>
/// <param name="Position">How many fixed operands come before the list in the encoding.</param>
public sealed record OperandList(OperandKind Kind, bool CountIsByte, int Position);
