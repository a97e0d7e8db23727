using Vm.Frontend.Bytecode;

namespace Vm.Frontend.Model;

/// <summary>A bytecode function: signature, register types, instructions and debug info.</summary>
public sealed class HlFunction
{
    internal HlFunction(int index, int functionIndex, HlType type, IReadOnlyList<HlType> registers,
        IReadOnlyList<Instruction> instructions, IReadOnlyList<DebugPosition>? positions, IReadOnlyList<DebugAssign> assigns)
    {
        Index = index;
        FunctionIndex = functionIndex;
        Type = type;
        Registers = registers;
        Instructions = instructions;
        Positions = positions;
        Assigns = assigns;
    }

    /// <summary>Position in the module's function table.</summary>
    public int Index { get; }

    /// <summary>Index in the shared function/native index space (what call instructions use).</summary>
    public int FunctionIndex { get; }

    /// <summary>The function type (kind <see cref="TypeKind.Fun"/>).</summary>
    public HlType Type { get; }

    public FunctionSignature Signature => Type.Function!;

    /// <summary>Register types; the first registers hold the arguments.</summary>
    public IReadOnlyList<HlType> Registers { get; }

    public IReadOnlyList<Instruction> Instructions { get; }

    /// <summary>Source position per instruction, or null when the module has no debug info.</summary>
    public IReadOnlyList<DebugPosition>? Positions { get; }

    public IReadOnlyList<DebugAssign> Assigns { get; }

    /// <summary>Name as HashLink reports it in stack traces (set by <see cref="FunctionNaming"/>).</summary>
    public string Name { get; internal set; } = "";
}
