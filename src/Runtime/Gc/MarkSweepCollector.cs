namespace Vm.Runtime.Gc;

/// <summary>Gives the reference slots of a block (provided by the object model's scanner).</summary>
public unsafe delegate void BlockReferences(nint block, Action<nint> visitReference);

/// <summary>
/// Marking for the old generation: from root references, marks every reachable old-space block,
/// following references with an explicit work list (no recursion: object graphs can be deep).
/// References may point inside a block (hl.Bytes offsets, field refs): they mark the block containing them.
/// </summary>
public sealed class MarkSweepCollector(OldSpace space, BlockReferences references)
{
    /// <summary>Blocks marked by the last <see cref="Mark"/>.</summary>
    public long MarkedBlocks { get; private set; }

    /// <summary>Bytes of the cells and large objects marked by the last <see cref="Mark"/>.</summary>
    public long MarkedBytes { get; private set; }

    public void Mark(IEnumerable<nint> roots)
    {
        MarkedBlocks = 0;
        MarkedBytes = 0;
        var work = new Stack<nint>();
        void Visit(nint reference)
        {
            if (reference == 0)
                return;
            var block = space.BlockContaining(reference);
            if (block != 0 && space.Mark(block))
            {
                MarkedBlocks++;
                MarkedBytes += OldSpace.BlockSize(block);
                work.Push(block);
            }
        }
        foreach (var r in roots)
            Visit(r);
        while (work.Count > 0)
            references(work.Pop(), Visit);
    }

    /// <summary>A full collection: mark from the roots, then sweep (lazily or not). Returns the bytes freed by the sweep so far.</summary>
    public long Collect(IEnumerable<nint> roots, bool lazySweep)
    {
        space.FinishSweeping();
        Mark(roots);
        return space.Sweep(lazySweep);
    }
}
