namespace Vm.Frontend.Model;

/// <summary>Source position of one instruction: index into the module's debug files, and line.</summary>
public readonly record struct DebugPosition(int FileIndex, int Line)
{
    public static readonly DebugPosition None = new(-1, 0);
}

/// <summary>A debug "assign": a local variable name that becomes live at an instruction (bytecode version 3+).</summary>
public sealed record DebugAssign(string Name, int InstructionIndex);
