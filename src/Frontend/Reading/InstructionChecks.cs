using Vm.Frontend.Bytecode;

namespace Vm.Frontend.Reading;

/// <summary>
/// Structural checks of one instruction: registers, pool indices and jump targets in range.
/// Checks that depend on register types (field numbers, enum constructors) belong to the verifier.
/// </summary>
internal static class InstructionChecks
{
    /// <summary>Returns a description of the first problem, or null when the instruction is well-formed.</summary>
    public static string? Check(Instruction ins, int index, int nops, int nregs, FunctionReader.Context c)
    {
        var info = ins.Info;
        for (var i = 0; i < info.Operands.Length; i++)
        {
            var problem = CheckOperand(info.Operands[i], ins.Operands[i], index, nops, nregs, c);
            if (problem is not null)
                return $"operand {i}: {problem}";
        }
        if (info.List is { } spec)
        {
            var list = ins.List;
            for (var i = 0; i < list.Length; i++)
            {
                var problem = CheckOperand(spec.Kind, list[i], index, nops, nregs, c);
                if (problem is not null)
                    return $"list element {i}: {problem}";
            }
        }
        return null;
    }

    private static string? CheckOperand(OperandKind kind, int v, int index, int nops, int nregs, FunctionReader.Context c) => kind switch
    {
        OperandKind.Dst or OperandKind.Reg or OperandKind.RegInOut => Below(v, nregs, "register"),
        OperandKind.IntConst => Below(v, c.IntCount, "int constant"),
        OperandKind.FloatConst => Below(v, c.FloatCount, "float constant"),
        OperandKind.String => Below(v, c.Strings.Length, "string"),
        OperandKind.Bytes => c.Version >= 5 ? Below(v, c.BytesCount, "bytes constant") : Below(v, c.Strings.Length, "string"),
        OperandKind.Global => Below(v, c.GlobalCount, "global"),
        OperandKind.Function => Below(v, c.FunctionSpace, "function"),
        OperandKind.Type => Below(v, c.Types.Length, "type"),
        OperandKind.Field or OperandKind.Method or OperandKind.Construct or OperandKind.ConstructParam =>
            v < 0 ? $"negative {kind} index {v}" : null,
        OperandKind.Jump => (long)index + 1 + v is var target && (target < 0 || target >= nops)
            ? $"jump target {target} outside the function (0..{nops - 1})"
            : null,
        _ => null,
    };

    private static string? Below(int v, int count, string what) =>
        (uint)v < (uint)count ? null : $"{what} index {v} out of range (0..{count - 1})";
}
