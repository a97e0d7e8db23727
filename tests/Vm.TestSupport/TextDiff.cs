using System.Text;

namespace Vm.TestSupport;

/// <summary>A small line diff for test failure messages (longest common subsequence, context lines around changes).</summary>
public static class TextDiff
{
    public static string Unified(string expected, string actual, int context = 3, int maxLines = 80)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        if ((long)a.Length * b.Length > 25_000_000)
            return $"(texts too large to diff: {a.Length} vs {b.Length} lines; first difference at line {FirstDifference(a, b) + 1})";
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var ops = new List<(char Op, string Line, int LineNo)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { ops.Add((' ', a[x], x + 1)); x++; y++; }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y])) { ops.Add(('+', b[y], y + 1)); y++; }
            else { ops.Add(('-', a[x], x + 1)); x++; }
        }
        var sb = new StringBuilder("--- expected\n+++ actual\n");
        var shown = 0;
        var lastPrinted = -1;
        for (var i = 0; i < ops.Count && shown < maxLines; i++)
        {
            var near = false;
            for (var k = Math.Max(0, i - context); k <= Math.Min(ops.Count - 1, i + context); k++)
                near |= ops[k].Op != ' ';
            if (!near)
                continue;
            if (lastPrinted >= 0 && i != lastPrinted + 1)
                sb.Append("@@\n");
            sb.Append(ops[i].Op).Append(' ').Append(ops[i].Line).Append('\n');
            lastPrinted = i;
            shown++;
        }
        if (shown >= maxLines)
            sb.Append("... (diff truncated)\n");
        return sb.ToString();
    }

    private static int FirstDifference(string[] a, string[] b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
            i++;
        return i;
    }
}
