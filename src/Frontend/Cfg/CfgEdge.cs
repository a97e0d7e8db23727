namespace Vm.Frontend.Cfg;

/// <summary>Why control goes from one block to another.</summary>
public enum EdgeKind : byte
{
    /// <summary>Falls into the next block (no jump, or the not-taken side of a conditional jump).</summary>
    Fallthrough,
    /// <summary>Taken side of a conditional or unconditional jump.</summary>
    Jump,
    /// <summary>One case of an OSwitch.</summary>
    Switch,
    /// <summary>To the handler of the innermost enclosing trap, taken when something is thrown.</summary>
    Exception,
}

/// <summary>A directed edge between two blocks.</summary>
public readonly record struct CfgEdge(BasicBlock From, BasicBlock To, EdgeKind Kind);
