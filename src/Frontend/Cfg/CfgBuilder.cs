using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Frontend.Verification;

namespace Vm.Frontend.Cfg;

/// <summary>Splits a function's flat instruction list into basic blocks and links them.</summary>
public static class CfgBuilder
{
    public static ControlFlowGraph Build(HlFunction function)
    {
        var code = function.Instructions;
        if (code.Count == 0)
            throw new BytecodeVerificationException(function.Name, 0, "function has no instructions");

        var leaders = FindLeaders(code);
        var blocks = new List<BasicBlock>();
        var blockOf = new int[code.Count];
        for (var start = 0; start < code.Count;)
        {
            var end = start + 1;
            while (end < code.Count && !leaders[end])
                end++;
            var block = new BasicBlock(blocks.Count, start, end);
            for (var i = start; i < end; i++)
                blockOf[i] = block.Id;
            blocks.Add(block);
            start = end;
        }

        var cfg = new ControlFlowGraph(function, blocks, blockOf);
        foreach (var b in blocks)
            LinkNormalEdges(cfg, b);
        TrapRegions.Assign(cfg);
        DetachUnreachable(cfg);
        Dominators.Compute(cfg);
        return cfg;
    }

    // Leaders: the first instruction, every jump/switch/trap-handler target, every instruction after a block end.
    private static bool[] FindLeaders(IReadOnlyList<Instruction> code)
    {
        var leaders = new bool[code.Count];
        leaders[0] = true;
        for (var i = 0; i < code.Count; i++)
        {
            var ins = code[i];
            foreach (var t in ins.JumpTargets(i))
                leaders[t] = true;
            if (ins.Info.EndsBlock && i + 1 < code.Count)
                leaders[i + 1] = true;
        }
        return leaders;
    }

    private static void LinkNormalEdges(ControlFlowGraph cfg, BasicBlock b)
    {
        var code = cfg.Function.Instructions;
        var last = code[b.Last];
        var info = last.Info;
        switch (info.Flow)
        {
            case ControlFlowKind.Branch:
            case ControlFlowKind.Goto:
                AddEdge(cfg.BlockAt(last.JumpTargets(b.Last).First()), EdgeKind.Jump);
                break;
            case ControlFlowKind.Switch:
                foreach (var t in last.JumpTargets(b.Last))
                    AddEdge(cfg.BlockAt(t), EdgeKind.Switch);
                break;
        }
        if (info.FallsThrough)
        {
            if (b.End >= code.Count)
                throw new BytecodeVerificationException(cfg.Function.Name, b.Last, $"control falls off the end of the function after {info.Name}");
            AddEdge(cfg.Blocks[b.Id + 1], EdgeKind.Fallthrough);
        }

        void AddEdge(BasicBlock to, EdgeKind kind)
        {
            foreach (var e in b.SuccessorList)
                if (e.To == to)
                    return;
            Connect(b, to, kind);
        }
    }

    // Code after a return or throw (Haxe emits some) must not look like a predecessor of live blocks.
    private static void DetachUnreachable(ControlFlowGraph cfg)
    {
        foreach (var b in cfg.Blocks)
        {
            if (b.IsReachable)
                continue;
            foreach (var e in b.SuccessorList)
                e.To.PredecessorList.Remove(e);
            b.SuccessorList.Clear();
        }
    }

    internal static void Connect(BasicBlock from, BasicBlock to, EdgeKind kind)
    {
        var edge = new CfgEdge(from, to, kind);
        from.SuccessorList.Add(edge);
        to.PredecessorList.Add(edge);
    }
}
