using System.Text;

namespace Vm.Frontend.Cfg;

/// <summary>Prints a CFG one block per line, in a stable format used by snapshot tests.</summary>
public static class CfgPrinter
{
    public static void Write(TextWriter w, ControlFlowGraph cfg)
    {
        var f = cfg.Function;
        w.WriteLine($"cfg {f.Name}@{f.FunctionIndex}: {cfg.Blocks.Count} blocks, {cfg.BackEdges.Count} loops{(cfg.IsReducible ? "" : ", irreducible")}");
        foreach (var b in cfg.Blocks)
        {
            var sb = new StringBuilder();
            sb.Append($"  b{b.Id} [{b.Start}..{b.Last}]");
            if (!b.IsReachable)
            {
                w.WriteLine(sb.Append(" unreachable").ToString());
                continue;
            }
            sb.Append(" preds(").Append(string.Join(" ", b.Predecessors.Select(e => "b" + e.From.Id))).Append(')');
            sb.Append(" succs(").Append(string.Join(" ", b.Successors.Select(e => $"b{e.To.Id}{Suffix(e.Kind)}"))).Append(')');
            sb.Append(" idom(").Append(b.ImmediateDominator is { } d ? "b" + d.Id : "-").Append(')');
            if (b.IsLoopHeader)
                sb.Append(" loop-header");
            if (b.Traps.Count > 0)
                sb.Append(" traps(").Append(string.Join(" ", b.Traps.Select(t => "@" + t))).Append(')');
            w.WriteLine(sb.ToString());
        }
        w.WriteLine();
    }

    private static string Suffix(EdgeKind kind) => kind switch
    {
        EdgeKind.Jump => ":jump",
        EdgeKind.Switch => ":case",
        EdgeKind.Exception => ":exc",
        _ => "",
    };
}
