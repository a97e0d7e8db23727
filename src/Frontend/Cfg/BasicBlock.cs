namespace Vm.Frontend.Cfg;

/// <summary>
/// A maximal run of instructions [Start, End) entered only at Start and left only after End - 1.
/// OTrap and OEndTrap end blocks, so every instruction of a block sits in the same trap regions.
/// </summary>
public sealed class BasicBlock
{
    internal readonly List<CfgEdge> SuccessorList = [];
    internal readonly List<CfgEdge> PredecessorList = [];

    internal BasicBlock(int id, int start, int end)
    {
        Id = id;
        Start = start;
        End = end;
    }

    /// <summary>Position in <see cref="ControlFlowGraph.Blocks"/> (blocks are in instruction order).</summary>
    public int Id { get; }

    /// <summary>Index of the first instruction.</summary>
    public int Start { get; }

    /// <summary>Index one past the last instruction.</summary>
    public int End { get; }

    public int Last => End - 1;

    /// <summary>Outgoing edges, one per distinct target (a switch with repeated targets has one edge per target).</summary>
    public IReadOnlyList<CfgEdge> Successors => SuccessorList;

    public IReadOnlyList<CfgEdge> Predecessors => PredecessorList;

    /// <summary>False when no path from the entry reaches the block. Unreachable blocks have no edges.</summary>
    public bool IsReachable { get; internal set; }

    /// <summary>Instruction indices of the OTrap instructions whose regions enclose this block, outermost first (empty outside traps; empty for unreachable blocks).</summary>
    public IReadOnlyList<int> Traps { get; internal set; } = [];

    /// <summary>Handler block of the innermost enclosing trap, or null.</summary>
    public BasicBlock? Handler { get; internal set; }

    /// <summary>Immediate dominator; null for the entry block and unreachable blocks.</summary>
    public BasicBlock? ImmediateDominator { get; internal set; }

    /// <summary>True when some edge into this block comes from a block it dominates (a natural loop's header).</summary>
    public bool IsLoopHeader { get; internal set; }

    public override string ToString() => $"b{Id}";
}
