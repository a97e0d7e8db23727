using System.Runtime.InteropServices;
using Vm.Runtime.Gc;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Tests.Gc;

/// <summary>
/// Incremental marking in isolation: blocks built by hand, a marking started and carried on by collections
/// from the host API, the program's stores made between slices. Each case is a way the marking could miss
/// a live block if a part were missing (card rescans, black promotion, allocation black, the remark's young
/// scan); a missed block is swept while referenced, which the heap verification reports.
/// </summary>
public sealed unsafe class IncrementalMarkingTests : IDisposable
{
    private TestHeap _h = new();

    private Heap Heap => _h.Heap;
    private GarbageCollector Collector => _h.Collector;

    private void Use(GcOptions options)
    {
        _h.Dispose();
        _h = new TestHeap(options);
    }

    // One slice scans one block: markings last many collections, and what is scanned first is predictable.
    private static GcOptions Slow(int promotionAge) => new() { MarkSliceBytes = 1, PromotionAge = promotionAge, AdaptivePromotion = false };

    private nint* Root(nint value) => _h.Root(value);
    private nint Bytes(string text) => _h.Bytes(text);
    private static string Text(nint b) => TestHeap.Text(b);
    private nint Pair(nint first, nint second) => _h.Pair(first, second);

    // A list of old pairs: marking work that keeps a slow marking going for about `length` slices.
    private nint* OldChain(int length)
    {
        nint head = 0;
        for (var i = 0; i < length; i++)
            head = Pair(head, 0);
        var root = Root(head);
        Collector.CollectNow(full: true);
        return root;
    }

    private void FinishMarking()
    {
        for (var i = 0; i < 10_000 && Collector.MarkingInProgress; i++)
            Collector.CollectNow(full: false);
        Assert.False(Collector.MarkingInProgress, "the marking ends once its work is done");
    }

    private void AssertHeapSound() => _h.AssertSound();

    [Fact]
    public void A_marking_spans_several_collections_and_frees_what_became_unreachable()
    {
        Use(Slow(promotionAge: 2));
        var chain = OldChain(50);
        var garbage = Root(Pair(Bytes("dropped"), 0));
        Collector.CollectNow(full: true);
        var freedBefore = Heap.Old.FreedBytes;
        *garbage = 0;
        Collector.StartMarking();
        Assert.True(Collector.MarkingInProgress);
        var slicesBefore = Collector.Statistics.MarkSlices;
        FinishMarking();
        Assert.True(Collector.Statistics.MarkSlices - slicesBefore > 10, "one block per slice: many slices");
        Assert.Equal(1, Collector.Statistics.MarkingCycles);
        Heap.Old.FinishSweeping();
        Assert.True(Heap.Old.FreedBytes > freedBefore, "the dropped pair and its bytes were swept");
        var n = 0;
        for (var p = *chain; p != 0; p = *(nint*)p)
            n++;
        Assert.Equal(50, n);
        AssertHeapSound();
    }

    // An old block ("w") whose only reference is held by a young pair (returned, rooted).
    private nint* OldBlockHeldByYoung(string text)
    {
        var holder = Root(Pair(Bytes(text), 0));
        Collector.CollectNow(full: true);
        var young = Root(Pair(*(nint*)*holder, 0));
        *holder = 0;
        Assert.True(Heap.Young.InRange(*young) && Heap.Old.InRange(*(nint*)*young));
        return young;
    }

    [Fact]
    public void An_old_block_referenced_only_from_the_young_generation_survives_the_marking()
    {
        Use(Slow(promotionAge: BlockHeader.MaxAge));
        OldChain(3); // the marking ends long before the young pair is old enough to be promoted
        var young = OldBlockHeldByYoung("held by young");
        Collector.StartMarking();
        FinishMarking();
        Assert.True(Heap.Young.InRange(*young));
        AssertHeapSound();
        Assert.Equal("held by young", Text(*(nint*)*young));
    }

    [Fact]
    public void A_reference_stored_into_a_block_already_marked_is_found_through_its_dirty_card()
    {
        Use(Slow(promotionAge: BlockHeader.MaxAge));
        OldChain(40);
        var a = Root(Pair(0, 0));
        var young = OldBlockHeldByYoung("only from a");
        Assert.True(Heap.Old.InRange(*a));
        Collector.StartMarking(); // roots grey: the chain, then a, which the first slice scans
        Collector.CollectNow(full: false);
        Assert.True(Collector.MarkingInProgress);
        // The program moves w's only reference from the young pair into a, behind the marking.
        WriteBarrier.Store(*a, *(nint*)*young);
        *(nint*)*young = 0;
        FinishMarking();
        AssertHeapSound();
        Assert.Equal("only from a", Text(*(nint*)*a));
    }

    [Fact]
    public void A_reference_moved_into_a_root_during_the_marking_is_found_by_the_remark()
    {
        Use(Slow(promotionAge: BlockHeader.MaxAge));
        OldChain(10);
        var root = Root(0);
        var young = OldBlockHeldByYoung("moved to a root");
        Collector.StartMarking();
        Collector.CollectNow(full: false);
        // Roots have no barrier: the slot is read again at the remark.
        *root = *(nint*)*young;
        *(nint*)*young = 0;
        FinishMarking();
        AssertHeapSound();
        Assert.Equal("moved to a root", Text(*root));
    }

    [Fact]
    public void What_a_block_promoted_during_the_marking_points_to_is_marked()
    {
        Use(Slow(promotionAge: 2));
        OldChain(40);
        var young = OldBlockHeldByYoung("only from the promoted pair");
        Collector.StartMarking(); // the pair is copied (age 1)
        Assert.True(Heap.Young.InRange(*young));
        Collector.CollectNow(full: false); // promoted now, born marked
        Assert.True(Heap.Old.InRange(*young));
        Assert.True(Collector.MarkingInProgress);
        FinishMarking();
        AssertHeapSound();
        Assert.Equal("only from the promoted pair", Text(*(nint*)*young));
    }

    [Fact]
    public void Blocks_allocated_old_during_the_marking_survive_its_sweep()
    {
        Use(Slow(promotionAge: 2));
        OldChain(40);
        Collector.StartMarking();
        var large = Root(Heap.Allocate(64 * 1024, BlockLayout.AllPointers)); // born old
        Assert.True(OldSpace.IsMarked(*large - BlockHeader.Size), "allocated black: the remark need not find it");
        var inside = Bytes("stored into the large block");
        WriteBarrier.Store(*large + 8, inside);
        FinishMarking();
        AssertHeapSound();
        Assert.Equal("stored into the large block", Text(*(nint*)(*large + 8)));
    }

    [Fact]
    public void A_full_collection_abandons_a_marking_under_way()
    {
        Use(Slow(promotionAge: 2));
        var chain = OldChain(40);
        var dropped = Root(Pair(Bytes("dropped"), 0));
        Collector.CollectNow(full: true);
        Collector.StartMarking();
        Collector.CollectNow(full: false);
        *dropped = 0;
        Collector.CollectNow(full: true);
        Assert.False(Collector.MarkingInProgress);
        AssertHeapSound();
        Assert.NotEqual(0, (long)*chain);
        Assert.Null(Heap.Old.Marker);
    }

    [Fact]
    public void Reaching_the_old_limit_starts_a_marking_which_slices_then_finish()
    {
        Use(new GcOptions { InitialOldLimit = 1 << 20, IncrementalMarkingThreshold = 0 });
        var keep = Root(0);
        for (var i = 0; i < 40_000; i++)
        {
            *keep = Pair(*keep, Bytes("x"));
            if (i % 1000 == 0)
                Collector.CollectNow(full: false);
        }
        Assert.True(Collector.Statistics.MarkingCycles > 0);
        FinishMarking();
        AssertHeapSound();
        var n = 0;
        for (var p = *keep; p != 0; p = *(nint*)p)
            n++;
        Assert.Equal(40_000, n);
    }

    [Fact]
    public void Below_the_threshold_the_old_limit_brings_a_full_collection_instead()
    {
        Use(new GcOptions { InitialOldLimit = 1 << 20, IncrementalMarkingThreshold = 64L << 20 });
        var keep = Root(0);
        for (var i = 0; i < 40_000; i++)
        {
            *keep = Pair(*keep, Bytes("x"));
            if (i % 1000 == 0)
                Collector.CollectNow(full: false);
        }
        Assert.Equal(0, Collector.Statistics.MarkingCycles);
        Assert.True(Collector.Statistics.MajorCollections > 0);
        AssertHeapSound();
    }

    public void Dispose() => _h.Dispose();
}
