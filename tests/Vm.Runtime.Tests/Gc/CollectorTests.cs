using System.Runtime.InteropServices;
using Vm.Runtime.Gc;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Tests.Gc;

/// <summary>
/// The collector in isolation: blocks built by hand in a runtime's heap, reachable from root slots
/// registered in native memory, collected with <see cref="GarbageCollector.CollectNow"/>.
/// </summary>
public sealed unsafe class CollectorTests : IDisposable
{
    private readonly TestHeap _h = new();

    private Heap Heap => _h.Heap;
    private GarbageCollector Collector => _h.Collector;

    private nint* Root(nint value) => _h.Root(value);
    private nint Bytes(string text) => _h.Bytes(text);
    private static string Text(nint b) => TestHeap.Text(b);
    private nint Pair(nint first, nint second) => _h.Pair(first, second);
    private void AssertHeapSound() => _h.AssertSound();

    [Fact]
    public void A_minor_collection_copies_what_roots_reach_and_leaves_garbage_behind()
    {
        var root = Root(Pair(Bytes("hello"), Bytes("world")));
        for (var i = 0; i < 10_000; i++)
            Pair(Bytes("garbage"), 0);
        var before = *root;
        Collector.CollectNow(full: false);

        Assert.NotEqual(before, *root);
        Assert.True(Heap.Young.InRange(*root), "a young block survives one collection in the survivor space");
        Assert.Equal("hello", Text(((nint*)*root)[0]));
        Assert.Equal("world", Text(((nint*)*root)[1]));
        Assert.Equal(0, Heap.Young.EdenUsed);
        // Only the three live blocks were copied: the pair and its two byte blocks.
        Assert.Equal(24 + 16 + 16L, Collector.Statistics.BytesCopied);
        Assert.Equal(1, Collector.Statistics.MinorCollections);
        AssertHeapSound();
    }

    [Fact]
    public void Blocks_age_in_the_survivor_space_and_are_promoted_at_the_promotion_age()
    {
        Assert.Equal(2, Heap.Options.PromotionAge);
        var root = Root(Pair(Bytes("aging"), 0));
        Collector.CollectNow(full: false);
        Assert.True(Heap.Young.InRange(*root));
        Assert.Equal(1, BlockHeader.Age(BlockHeader.Of(*root)));
        Collector.CollectNow(full: false);
        Assert.True(OldRegion.Contains(*root), "promoted after surviving two collections");
        Assert.True(OldRegion.Contains(((nint*)*root)[0]));
        Assert.Equal(0, BlockHeader.Age(BlockHeader.Of(*root)));
        Assert.Equal("aging", Text(((nint*)*root)[0]));
        var promoted = *root;
        Collector.CollectNow(full: false);
        Assert.Equal(promoted, *root); // old blocks never move
        AssertHeapSound();
    }

    [Fact]
    public void After_a_collection_whose_survivors_fill_half_a_survivor_space_the_next_promotes_every_survivor()
    {
        Assert.True(Heap.Options.AdaptivePromotion);
        // A long-lived structure built at once (a level load): a list of 64-byte blocks of 0.75 survivor spaces.
        var list = Root(0);
        var count = (int)(Heap.Options.SurvivorSize * 3 / 4 / (64 + 24));
        for (var i = 0; i < count; i++)
            *list = Pair(*list, Heap.Allocate(64, BlockLayout.NoPointers));
        Collector.CollectNow(full: false);
        Assert.True(Heap.Young.InRange(*list), "a first survival is copied to the survivor space");

        var fresh = Root(Pair(Bytes("fresh"), 0));
        Collector.CollectNow(full: false);
        Assert.True(OldRegion.Contains(*list), "the big survivor set is promoted at its second survival, as always");
        Assert.True(OldRegion.Contains(*fresh), "a block surviving its first collection is promoted too: the last one's survivors were many");
        Assert.Equal("fresh", Text(((nint*)*fresh)[0]));

        // A collection with no young survivors at all; after it, ageing resumes.
        Collector.CollectNow(full: false);
        var later = Root(Pair(Bytes("later"), 0));
        Collector.CollectNow(full: false);
        Assert.True(Heap.Young.InRange(*later), "after a collection with few survivors, blocks age in the survivor space again");
        AssertHeapSound();
    }

    [Fact]
    public void The_write_barrier_keeps_young_blocks_reachable_only_from_old_ones_alive()
    {
        // A block of more than 32 KB is born old.
        var old = Heap.Allocate(48 * 1024, BlockLayout.AllPointers);
        Assert.True(OldRegion.Contains(old));
        var root = Root(old);
        WriteBarrier.Store(old + 4096, Bytes("young"));
        Assert.True(OldSpace.Cards.IsDirty(old + 4096));
        AssertHeapSound();

        Collector.CollectNow(full: false);
        var moved = *(nint*)(old + 4096);
        Assert.True(Heap.Young.InRange(moved));
        Assert.Equal("young", Text(moved));
        // The old block still points to a young one: its card stays dirty for the next collection.
        Assert.True(OldSpace.Cards.IsDirty(old + 4096));
        Collector.CollectNow(full: false);
        Assert.Equal("young", Text(*(nint*)(old + 4096)));
        Assert.True(OldRegion.Contains(*(nint*)(old + 4096)));
        Assert.Equal(old, *root);
        AssertHeapSound();
    }

    [Fact]
    public void The_verifier_reports_an_old_to_young_store_without_barrier()
    {
        var old = Heap.Allocate(48 * 1024, BlockLayout.AllPointers);
        Root(old);
        *(nint*)(old + 8192) = Bytes("hidden");
        var report = HeapVerifier.Verify(_h.Runtime);
        Assert.Contains(report, p => p.Message.Contains("missing write barrier"));
        WriteBarrier.Mark(old + 8192);
        AssertHeapSound();
    }

    [Fact]
    public void Interior_pointers_move_with_their_block()
    {
        var bytes = Bytes("0123456789");
        var root = Root(bytes + 4);
        var end = Root(bytes + 10); // one past the end, as hl.Bytes offsets may be
        var holder = Root(Pair(bytes + 7, 0));
        Collector.CollectNow(full: false);
        Assert.NotEqual(bytes + 4, *root);
        Assert.Equal((byte)'4', *(byte*)*root);
        Assert.Equal(*root + 6, *end);
        Assert.Equal(*root + 3, ((nint*)*holder)[0]);
        Assert.Equal((byte)'7', *(byte*)((nint*)*holder)[0]);
        AssertHeapSound();
    }

    [Fact]
    public void A_full_collection_frees_unreachable_old_blocks_and_large_objects()
    {
        var keep = Root(Heap.Allocate(1 << 20, BlockLayout.NoPointers));
        *(long*)*keep = 42;
        var garbage = Heap.Allocate(1 << 20, BlockLayout.NoPointers);
        var list = Root(0);
        for (var i = 0; i < 1000; i++)
            *list = Pair(Bytes($"item{i}"), *list);
        for (var i = 0; i < 1000; i++)
            Pair(Bytes("garbage"), 0);
        Collector.CollectNow(full: false);
        Collector.CollectNow(full: false); // everything reachable is old now
        var largeBefore = Heap.Old.LargeObjectCount;

        Collector.CollectNow(full: true);
        Assert.Equal(largeBefore - 1, Heap.Old.LargeObjectCount);
        Assert.Equal(0, Heap.FindBlockStart(garbage));
        Assert.Equal(42, *(long*)*keep);
        var n = 0;
        for (var p = *list; p != 0; p = ((nint*)p)[1])
            Assert.Equal($"item{999 - n++}", Text(((nint*)p)[0]));
        Assert.Equal(1000, n);
        Assert.Equal(1, Collector.Statistics.MajorCollections);
        Assert.True(Heap.OldLimit >= Heap.Options.InitialOldLimit);
        AssertHeapSound();
    }

    [Fact]
    public void Finalizers_run_after_the_collection_that_finds_their_block_dead_and_follow_moves()
    {
        var ran = new List<string>();
        var dead = Bytes("dead");
        Heap.Finalizers.Register(dead, () => ran.Add("dead"));
        var live = Root(Bytes("live"));
        Heap.Finalizers.Register(*live, () => ran.Add("live"));
        var big = Heap.Allocate(64 * 1024, BlockLayout.NoPointers); // born old: found dead by a full collection only
        Heap.Finalizers.Register(big, () => ran.Add("big"));

        Collector.CollectNow(full: false);
        Assert.Equal(["dead"], ran);
        Collector.CollectNow(full: false); // the live block is promoted: its finalizer follows it
        Collector.CollectNow(full: true);
        Assert.Equal(["dead", "big"], ran);
        Assert.Equal("live", Text(*live));

        *live = 0;
        Collector.CollectNow(full: true);
        Assert.Equal(["dead", "big", "live"], ran);
        Assert.Equal(0, Heap.Finalizers.Count);
        Assert.Equal(3, Heap.Finalizers.Ran);
    }

    [Fact]
    public void Full_marking_follows_interior_references_through_deep_graphs()
    {
        // A list 100 000 deep, made old, where each block's word 0 points 8 bytes inside the next block.
        var root = Root(0);
        nint next = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var b = Heap.Allocate(16, BlockLayout.AllPointers);
            WriteBarrier.Store(b, next == 0 ? 0 : next + 8);
            next = b;
        }
        *root = next + 8;
        Collector.CollectNow(full: false);
        Collector.CollectNow(full: false);
        Assert.True(OldRegion.Contains(*root));
        var garbage = Heap.Allocate(48 * 1024, BlockLayout.AllPointers); // born old, unreachable

        Collector.CollectNow(full: true);
        var n = 0;
        for (var p = *root; p != 0; p = *(nint*)(p - 8))
        {
            Assert.Equal(p - 8, Heap.FindBlockStart(p));
            n++;
        }
        Assert.Equal(100_000, n);
        Assert.Equal(0, Heap.FindBlockStart(garbage));
        AssertHeapSound();
    }

    [Fact]
    public void Collections_are_refused_while_HL_code_runs_on_the_thread()
    {
        _h.Fixture.Thread.Context->Transitions = 1;
        try
        {
            Assert.Throws<InvalidOperationException>(() => Collector.CollectNow(full: false));
        }
        finally
        {
            _h.Fixture.Thread.Context->Transitions = 0;
        }
    }

    public void Dispose() => _h.Dispose();
}
