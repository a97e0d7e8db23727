using Vm.Frontend.Model;

namespace Vm.Frontend.Reading;

/// <summary>
/// Decodes the per-instruction file/line table. Each entry byte is one of: a file change
/// (low bit 1), a run of instructions on the same line followed by a line delta (bit 1),
/// one instruction after a small line delta (bit 2), or one instruction at an absolute line (3 bytes).
/// </summary>
internal static class DebugInfoReader
{
    public static DebugPosition[] ReadPositions(ByteCursor r, int nops, int nfiles)
    {
        var positions = new DebugPosition[nops];
        var file = -1;
        var line = 0;
        var i = 0;
        while (i < nops)
        {
            var start = r.Position;
            int c = r.Byte();
            if ((c & 1) != 0)
            {
                file = ((c >> 1) << 8) | r.Byte();
                if (file >= nfiles)
                    throw r.Error($"debug file index {file} out of range (0..{nfiles - 1})", start);
            }
            else if ((c & 2) != 0)
            {
                var delta = c >> 6;
                var count = (c >> 2) & 15;
                if (i + count > nops)
                    throw r.Error($"debug line run of {count} goes past the last instruction", start);
                for (; count > 0; count--)
                    positions[i++] = new DebugPosition(file, line);
                line += delta;
            }
            else if ((c & 4) != 0)
            {
                line += c >> 3;
                positions[i++] = new DebugPosition(file, line);
            }
            else
            {
                var b2 = r.Byte();
                var b3 = r.Byte();
                line = (c >> 3) | (b2 << 5) | (b3 << 13);
                positions[i++] = new DebugPosition(file, line);
            }
        }
        return positions;
    }
}
