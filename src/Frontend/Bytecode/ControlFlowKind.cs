namespace Vm.Frontend.Bytecode;

/// <summary>How an instruction transfers control; drives the CFG builder.</summary>
public enum ControlFlowKind : byte
{
    /// <summary>Falls through to the next instruction.</summary>
    None,
    /// <summary>Conditional jump: the jump target or the next instruction.</summary>
    Branch,
    /// <summary>Unconditional jump (OJAlways).</summary>
    Goto,
    /// <summary>Jump table (OSwitch): every listed target, or the next instruction.</summary>
    Switch,
    /// <summary>Leaves the function (ORet, OThrow, ORethrow).</summary>
    Exit,
    /// <summary>Enters a trap region (OTrap): falls through, and its handler target is reached when something is thrown.</summary>
    TrapEnter,
    /// <summary>Leaves the innermost trap region (OEndTrap): falls through.</summary>
    TrapExit,
}
