using Vm.Frontend.Model;

namespace Vm.Frontend.Cfg;

/// <summary>Basic blocks of one function, with edges, trap regions, dominators and loops.</summary>
public sealed class ControlFlowGraph
{
    private readonly int[] _blockOfInstruction;

    internal ControlFlowGraph(HlFunction function, IReadOnlyList<BasicBlock> blocks, int[] blockOfInstruction)
    {
        Function = function;
        Blocks = blocks;
        _blockOfInstruction = blockOfInstruction;
    }

    public HlFunction Function { get; }

    /// <summary>All blocks in instruction order; block 0 is the entry.</summary>
    public IReadOnlyList<BasicBlock> Blocks { get; }

    public BasicBlock Entry => Blocks[0];

    /// <summary>Reachable blocks in reverse postorder (every block before its successors, back edges aside).</summary>
    public IReadOnlyList<BasicBlock> ReversePostOrder { get; internal set; } = [];

    /// <summary>Edges whose target dominates their source: each closes a natural loop.</summary>
    public IReadOnlyList<CfgEdge> BackEdges { get; internal set; } = [];

    /// <summary>Edges going to a block not yet finished in depth-first order: every cycle contains one.
    /// In a reducible graph these are exactly the back edges.</summary>
    public IReadOnlyList<CfgEdge> RetreatingEdges { get; internal set; } = [];

    /// <summary>True when every cycle has a single entry (all retreating edges are back edges).</summary>
    public bool IsReducible => RetreatingEdges.Count == BackEdges.Count;

    /// <summary>The block containing instruction <paramref name="index"/>.</summary>
    public BasicBlock BlockAt(int index) => Blocks[_blockOfInstruction[index]];

    /// <summary>True when every path from the entry to <paramref name="b"/> passes through <paramref name="a"/>.</summary>
    public bool Dominates(BasicBlock a, BasicBlock b)
    {
        if (!a.IsReachable || !b.IsReachable)
            return false;
        for (var x = b; x is not null; x = x.ImmediateDominator)
            if (x == a)
                return true;
        return false;
    }
}
