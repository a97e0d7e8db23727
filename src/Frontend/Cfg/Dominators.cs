namespace Vm.Frontend.Cfg;

/// <summary>
/// Immediate dominators by the iterative algorithm of Cooper, Harvey and Kennedy over
/// reverse postorder, then back edges (loop headers) and retreating edges (all cycles).
/// </summary>
internal static class Dominators
{
    public static void Compute(ControlFlowGraph cfg)
    {
        var (rpo, retreating) = DepthFirst(cfg);
        var order = new int[cfg.Blocks.Count];
        Array.Fill(order, -1);
        for (var i = 0; i < rpo.Count; i++)
            order[rpo[i].Id] = i;

        var idom = new BasicBlock?[cfg.Blocks.Count];
        idom[cfg.Entry.Id] = cfg.Entry;
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var b in rpo)
            {
                if (b == cfg.Entry)
                    continue;
                BasicBlock? candidate = null;
                foreach (var e in b.Predecessors)
                {
                    if (idom[e.From.Id] is null)
                        continue;
                    candidate = candidate is null ? e.From : Intersect(e.From, candidate);
                }
                if (candidate is not null && idom[b.Id] != candidate)
                {
                    idom[b.Id] = candidate;
                    changed = true;
                }
            }
        }

        foreach (var b in rpo)
            b.ImmediateDominator = b == cfg.Entry ? null : idom[b.Id];
        cfg.ReversePostOrder = rpo;
        cfg.RetreatingEdges = retreating;
        var back = new List<CfgEdge>();
        foreach (var e in retreating)
        {
            if (cfg.Dominates(e.To, e.From))
            {
                back.Add(e);
                e.To.IsLoopHeader = true;
            }
        }
        cfg.BackEdges = back;

        BasicBlock Intersect(BasicBlock a, BasicBlock b)
        {
            while (a != b)
            {
                while (order[a.Id] > order[b.Id])
                    a = idom[a.Id]!;
                while (order[b.Id] > order[a.Id])
                    b = idom[b.Id]!;
            }
            return a;
        }
    }

    // Iterative DFS (functions can have thousands of blocks): postorder plus edges into blocks still on the DFS stack.
    private static (List<BasicBlock> Rpo, List<CfgEdge> Retreating) DepthFirst(ControlFlowGraph cfg)
    {
        var state = new byte[cfg.Blocks.Count]; // 0 new, 1 on stack, 2 done
        var post = new List<BasicBlock>();
        var retreating = new List<CfgEdge>();
        var stack = new Stack<(BasicBlock Block, int Next)>();
        stack.Push((cfg.Entry, 0));
        state[cfg.Entry.Id] = 1;
        while (stack.Count > 0)
        {
            var (b, next) = stack.Pop();
            if (next < b.Successors.Count)
            {
                stack.Push((b, next + 1));
                var e = b.Successors[next];
                if (state[e.To.Id] == 0)
                {
                    state[e.To.Id] = 1;
                    stack.Push((e.To, 0));
                }
                else if (state[e.To.Id] == 1)
                {
                    retreating.Add(e);
                }
            }
            else
            {
                state[b.Id] = 2;
                post.Add(b);
            }
        }
        post.Reverse();
        return (post, retreating);
    }
}
