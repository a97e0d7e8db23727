using System.Runtime.CompilerServices;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Gc;

/// <summary>
/// The mark phase of a full collection over a runtime's old generation (the young one is empty then):
/// marks every block reachable from the roots, with an explicit work list (object graphs can be deep)
/// and the reference maps of <see cref="BlockScanner"/>. A reference may point inside its block or one
/// past its end (hl.Bytes offsets): the block is looked up from the address minus one, which is always
/// inside the cell of the block the reference belongs to.
/// </summary>
internal sealed unsafe class HeapMarker(VmRuntime runtime)
{
    private readonly OldSpace _old = runtime.Heap.Old;
    private readonly Stack<nint> _work = new();

    public long MarkedBlocks { get; private set; }
    public long MarkedBytes { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MarkFrom(nint reference)
    {
        if (reference == 0)
            return;
        switch (OldRegion.PageAt(reference - 1))
        {
            case OldSpacePage page when page.Space == _old:
            {
                var cell = page.TryMarkContaining(reference - 1);
                if (cell == 0)
                    return;
                MarkedBlocks++;
                MarkedBytes += page.CellSize;
                _work.Push(cell + BlockHeader.Size);
                return;
            }
            case LargeObject large when large.Space == _old && !large.Marked && reference - 1 < large.Start + (nint)large.Size:
                large.Marked = true;
                MarkedBlocks++;
                MarkedBytes += large.Size;
                _work.Push(large.Start + BlockHeader.Size);
                return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Drain()
    {
        var visitor = new Visitor(this);
        while (_work.TryPop(out var block))
            BlockScanner.ForEachReference(block, runtime, ref visitor);
    }

    private readonly struct Visitor(HeapMarker marker) : IReferenceVisitor
    {
        public void Visit(nint slot, ReferenceSlot kind) => marker.MarkFrom(*(nint*)slot);
    }
}
