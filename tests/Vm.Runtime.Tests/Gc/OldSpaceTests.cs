using Vm.Runtime.Gc;

namespace Vm.Runtime.Tests.Gc;

public unsafe class OldSpaceTests
{
    [Fact]
    public void Size_classes_cover_every_size_with_bounded_waste()
    {
        for (var bytes = 1; bytes <= SizeClasses.MaxCellSize; bytes++)
        {
            var c = SizeClasses.ClassFor(bytes);
            var cell = SizeClasses.CellSize(c);
            Assert.True(cell >= bytes, $"{bytes} bytes in class of {cell}");
            Assert.True(c == 0 || SizeClasses.CellSize(c - 1) < bytes, $"{bytes} bytes not in the smallest class");
            if (bytes > 128)
                Assert.True(cell - bytes < cell * 0.25, $"{bytes} bytes waste {cell - bytes} of {cell}");
        }
        Assert.Equal(-1, SizeClasses.ClassFor(SizeClasses.MaxCellSize + 1));
    }

    [Fact]
    public void Cells_are_zeroed_distinct_and_found_from_interior_addresses()
    {
        using var space = new OldSpace();
        var cells = Enumerable.Range(0, 1000).Select(i => space.Allocate(24 + i % 100)).ToList();
        Assert.Equal(cells.Count, cells.Distinct().Count());
        foreach (var c in cells)
        {
            Assert.Equal(0L, *(long*)c);
            *(long*)c = c;
            Assert.Equal(c, space.BlockContaining(c));
            Assert.Equal(c, space.BlockContaining(c + 17));
        }
        Assert.Equal(0, space.BlockContaining(12345));
    }

    [Fact]
    public void Unmarked_cells_are_freed_and_reused_marked_ones_survive()
    {
        using var space = new OldSpace();
        var cells = Enumerable.Range(0, 2000).Select(_ => space.Allocate(64)).ToList();
        var keep = cells.Where((_, i) => i % 3 == 0).ToList();
        foreach (var c in keep)
        {
            *(long*)c = 42;
            Assert.True(space.Mark(c));
            Assert.False(space.Mark(c));
        }
        var before = space.AllocatedBytes;
        var freed = space.Sweep(lazy: false);
        Assert.Equal(before - freed, space.AllocatedBytes);
        Assert.Equal((cells.Count - keep.Count) * 64L, freed);
        foreach (var c in keep)
        {
            Assert.Equal(42L, *(long*)c);
            Assert.Equal(c, space.BlockContaining(c));
        }
        // Freed cells are handed out again (no new pages needed), zeroed.
        var pages = space.PageCount;
        var reused = Enumerable.Range(0, cells.Count - keep.Count).Select(_ => space.Allocate(64)).ToList();
        Assert.Equal(pages, space.PageCount);
        Assert.All(reused, c => Assert.Equal(0L, *(long*)c));
        Assert.Empty(reused.Intersect(keep));
    }

    [Fact]
    public void Lazy_sweeping_frees_pages_as_allocation_reaches_them()
    {
        using var space = new OldSpace();
        var cells = Enumerable.Range(0, 10_000).Select(_ => space.Allocate(100)).ToList();
        var reserved = space.ReservedBytes;
        space.Sweep(lazy: true);
        // Nothing marked: every cell is garbage, reclaimed page by page while allocating.
        for (var i = 0; i < cells.Count; i++)
            space.Allocate(100);
        Assert.Equal(reserved, space.ReservedBytes);
    }

    [Fact]
    public void Emptied_pages_are_kept_for_reuse_up_to_a_budget_and_the_rest_given_back()
    {
        using var space = new OldSpace();
        var cells = Enumerable.Range(0, 20_000).Select(_ => space.Allocate(100)).ToList();
        var pages = space.PageCount;
        var reserved = space.ReservedBytes;
        foreach (var c in cells)
            *(long*)c = -1; // garbage left in the cells
        space.Sweep(lazy: true);
        Assert.Equal(0, space.PageCount);
        Assert.Equal(pages * (long)OldSpacePage.Size, space.RetainedBytes);
        Assert.Equal(reserved, space.ReservedBytes);

        // Budget of two pages: the others go back to the system.
        space.TrimRetainedPages(2L * OldSpacePage.Size);
        Assert.Equal(2L * OldSpacePage.Size, space.RetainedBytes);
        Assert.Equal(2L * OldSpacePage.Size, space.ReservedBytes);

        // Kept pages are used first, for any size class, and hand out zeroed cells.
        var again = Enumerable.Range(0, 100).Select(_ => space.Allocate(48)).ToList();
        Assert.All(again, c => Assert.Equal(0L, *(long*)c));
        Assert.Equal(OldSpacePage.Size, space.RetainedBytes);
        Assert.Equal(2L * OldSpacePage.Size, space.ReservedBytes);
        Assert.All(again, c => Assert.Equal(c, space.BlockContaining(c + 5)));
    }

    [Fact]
    public void Large_objects_live_apart_and_are_freed_when_unmarked()
    {
        using var space = new OldSpace();
        var big = space.Allocate(100_000);
        var other = space.Allocate(50_000);
        Assert.Equal(2, space.LargeObjectCount);
        Assert.Equal(big, space.BlockContaining(big + 99_999));
        Assert.True(space.Mark(big));
        space.Sweep(lazy: false);
        Assert.Equal(1, space.LargeObjectCount);
        Assert.Equal(big, space.BlockContaining(big + 10));
        Assert.Equal(0, space.BlockContaining(other + 10));
    }
}

public unsafe class CardTableTests
{
    [Fact]
    public void Barrier_dirties_the_card_of_an_old_address_and_collection_takes_it_once()
    {
        using var space = new OldSpace();
        var a = space.Allocate(64);
        var b = space.Allocate(100_000);
        Assert.True(space.InRange(a));
        Assert.False(space.InRange(12345));
        // The barrier dirties cards of old addresses only; stack and native memory are ignored.
        WriteBarrier.Mark(a + 8);
        WriteBarrier.Mark(b + 50_000);
        WriteBarrier.Mark(77);
        Assert.True(OldSpace.Cards.IsDirty(a));
        Assert.False(OldSpace.Cards.IsDirty(a + CardTable.CardSize));
        var seen = new List<nint>();
        OldSpace.Cards.TakeDirty(a, a + 64, seen.Add);
        OldSpace.Cards.TakeDirty(b, b + 100_000, seen.Add);
        Assert.Equal(2, seen.Count);
        Assert.Contains(seen, c => a >= c && a < c + CardTable.CardSize);
        Assert.Contains(seen, c => b + 50_000 >= c && b + 50_000 < c + CardTable.CardSize);
        Assert.False(OldSpace.Cards.IsDirty(a));
        // The space reports the live block under each dirty card and the part of it the card covers.
        WriteBarrier.MarkRange(b + 1000, 2000);
        var parts = new List<(nint Block, nint From, nint To)>();
        space.TakeDirtyCards((block, from, to) => parts.Add((block, from, to)));
        Assert.All(parts, p => Assert.Equal(b, p.Block));
        Assert.Equal(b + 512, parts.Min(p => p.From));
        Assert.Equal(b + 3072, parts.Max(p => p.To));
        // What JIT barriers compute: table base + ((address - covered start) >> 9).
        Assert.Equal(0, *(byte*)(OldSpace.Cards.Base + ((a - OldSpace.Cards.CoveredStart) >> CardTable.CardShift)));
    }
}
