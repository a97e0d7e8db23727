namespace Vm.Frontend.Bytecode;

/// <summary>One decoded instruction: opcode, fixed operands (table order) and the variable operand list.</summary>
public sealed class Instruction
{
    private readonly int[] _operands;
    private readonly int[] _list;

    public Instruction(Opcode opcode, int[] operands, int[]? list = null)
    {
        var info = OpcodeTable.Get(opcode);
        if (operands.Length != info.Operands.Length)
            throw new ArgumentException($"{info.Name} takes {info.Operands.Length} operands, got {operands.Length}", nameof(operands));
        if (list is not null && info.List is null)
            throw new ArgumentException($"{info.Name} takes no operand list", nameof(list));
        Opcode = opcode;
        _operands = operands;
        _list = list ?? [];
    }

    public Opcode Opcode { get; }

    public OpcodeInfo Info => OpcodeTable.Get(Opcode);

    /// <summary>Fixed operands, in the order of <see cref="OpcodeInfo.Operands"/>.</summary>
    public ReadOnlySpan<int> Operands => _operands;

    /// <summary>Variable operands: call argument registers or switch jump offsets (empty if the opcode has none).</summary>
    public ReadOnlySpan<int> List => _list;

    /// <summary>Operand 0 (usually the destination register).</summary>
    public int A => _operands[0];

    /// <summary>Operand 1.</summary>
    public int B => _operands[1];

    /// <summary>Operand 2.</summary>
    public int C => _operands[2];

    /// <summary>Operand 3 (only OCall2..OCall4 and OEnumField have one).</summary>
    public int D => _operands[3];

    /// <summary>Absolute targets of the jumps of this instruction at <paramref name="index"/>: jump operand, then list targets.</summary>
    public IEnumerable<int> JumpTargets(int index)
    {
        var info = Info;
        for (var i = 0; i < _operands.Length; i++)
            if (info.Operands[i] == OperandKind.Jump)
                yield return index + 1 + _operands[i];
        if (info.List?.Kind == OperandKind.Jump)
            foreach (var offset in _list)
                yield return index + 1 + offset;
    }

    /// <summary>Registers read by this instruction (fixed operands, then list).</summary>
    public IEnumerable<int> ReadRegisters()
    {
        var info = Info;
        for (var i = 0; i < _operands.Length; i++)
            if (info.Operands[i] is OperandKind.Reg or OperandKind.RegInOut)
                yield return _operands[i];
        if (info.List?.Kind == OperandKind.Reg)
            foreach (var r in _list)
                yield return r;
    }

    /// <summary>The register this instruction writes, or -1.</summary>
    public int WrittenRegister
    {
        get
        {
            var info = Info;
            for (var i = 0; i < _operands.Length; i++)
                if (info.Operands[i] is OperandKind.Dst or OperandKind.RegInOut)
                    return _operands[i];
            return -1;
        }
    }

    public override string ToString() =>
        Info.Name + " " + string.Join(",", _operands) + (_list.Length > 0 ? " [" + string.Join(",", _list) + "]" : "");
}
