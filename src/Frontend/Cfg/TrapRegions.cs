using Vm.Frontend.Bytecode;
using Vm.Frontend.Verification;

namespace Vm.Frontend.Cfg;

/// <summary>
/// Finds which trap regions enclose each block by walking the graph from the entry:
/// OTrap pushes a region, OEndTrap pops one, and a handler starts with the regions that
/// enclosed its OTrap. Every path into a block must agree. Marks reachable blocks and adds
/// an exception edge from each block inside a region to the innermost handler.
/// </summary>
internal static class TrapRegions
{
    public static void Assign(ControlFlowGraph cfg)
    {
        var code = cfg.Function.Instructions;
        var stacks = new int[]?[cfg.Blocks.Count];
        var work = new Stack<BasicBlock>();
        Enter(cfg.Entry, [], -1);
        while (work.Count > 0)
        {
            var b = work.Pop();
            var stack = stacks[b.Id]!;
            var last = code[b.Last];
            var outStack = stack;
            if (last.Opcode == Opcode.Trap)
            {
                var handler = cfg.BlockAt(last.JumpTargets(b.Last).First());
                Enter(handler, stack, b.Last);
                outStack = [.. stack, b.Last];
            }
            else if (last.Opcode == Opcode.EndTrap)
            {
                if (stack.Length == 0)
                    throw new BytecodeVerificationException(cfg.Function.Name, b.Last, "OEndTrap outside any trap region");
                outStack = stack[..^1];
            }
            if (stack.Length > 0)
                Enter(cfg.BlockAt(code[stack[^1]].JumpTargets(stack[^1]).First()), stack[..^1], b.Start);
            foreach (var e in b.Successors)
                Enter(e.To, outStack, b.Last);
        }

        foreach (var b in cfg.Blocks)
        {
            if (stacks[b.Id] is not { } stack)
                continue;
            b.IsReachable = true;
            b.Traps = stack;
            if (stack.Length > 0)
            {
                var trap = stack[^1];
                b.Handler = cfg.BlockAt(code[trap].JumpTargets(trap).First());
                CfgBuilder.Connect(b, b.Handler, EdgeKind.Exception);
            }
        }

        void Enter(BasicBlock b, int[] stack, int from)
        {
            if (stacks[b.Id] is { } known)
            {
                if (!known.AsSpan().SequenceEqual(stack))
                    throw new BytecodeVerificationException(cfg.Function.Name, Math.Max(from, 0),
                        $"block at instruction {b.Start} is reached inside traps [{string.Join(",", stack)}] and inside traps [{string.Join(",", known)}]");
                return;
            }
            stacks[b.Id] = stack;
            work.Push(b);
        }
    }
}
