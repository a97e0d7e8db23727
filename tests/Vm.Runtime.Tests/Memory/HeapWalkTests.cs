using Vm.Runtime.Gc;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Tests.HeapBlocks;

/// <summary>The header word, the heap walk over chunks and large blocks, and FindBlockStart.</summary>
public unsafe class HeapWalkTests
{
    // Blocks from this size on are born in the old generation.
    private const int Large = YoungGeneration.MaxBlockFootprint;

    [Fact]
    public void The_header_holds_size_layout_type_id_age_and_flag_bits()
    {
        var h = BlockHeader.Make(123_456, BlockLayout.Enum, BlockHeader.MaxTypeId);
        Assert.Equal(123_456, BlockHeader.PayloadSize(h));
        Assert.Equal(BlockLayout.Enum, BlockHeader.Layout(h));
        Assert.Equal(BlockHeader.MaxTypeId, BlockHeader.TypeId(h));
        Assert.Equal(0UL, BlockHeader.Flags(h));
        Assert.Equal(uint.MaxValue, BlockHeader.PayloadSize(BlockHeader.Make(uint.MaxValue, BlockLayout.NoPointers, 0)));

        Assert.Equal(0, BlockHeader.Age(h));
        var aged = BlockHeader.WithAge(h, BlockHeader.MaxAge);
        Assert.Equal(BlockHeader.MaxAge, BlockHeader.Age(aged));
        Assert.Equal(h, BlockHeader.Shape(aged | BlockHeader.Forwarded | BlockHeader.Marked));
        var all = aged | BlockHeader.FlagsMask;
        Assert.Equal(123_456, BlockHeader.PayloadSize(all));
        Assert.Equal(BlockLayout.Enum, BlockHeader.Layout(all));
        Assert.Equal(BlockHeader.MaxTypeId, BlockHeader.TypeId(all));

        Assert.Throws<ArgumentOutOfRangeException>(() => BlockHeader.Make(8, BlockLayout.Invalid, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockHeader.Make(8, (BlockLayout)12, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockHeader.Make(8, BlockLayout.Instance, BlockHeader.MaxTypeId + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockHeader.Make(8, BlockLayout.Array, 5)); // untyped layouts carry no id
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockHeader.Make(-1, BlockLayout.NoPointers, 0));
    }

    [Fact]
    public void Allocate_writes_the_header_and_SizeOf_reads_it_back()
    {
        using var heap = new Heap();
        var p = heap.Allocate(13, BlockLayout.NoPointers);
        var q = heap.Allocate(40, BlockLayout.Instance, 77);
        Assert.Equal(13, Heap.SizeOf(p));
        Assert.Equal(BlockLayout.NoPointers, Heap.LayoutOf(p));
        Assert.Equal(40, Heap.SizeOf(q));
        Assert.Equal(BlockLayout.Instance, Heap.LayoutOf(q));
        Assert.Equal(77, Heap.TypeIdOf(q));
        Assert.Equal(p + 16 + Heap.HeaderSize, q); // 13 bytes rounded to 16, then q's header
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.Allocate(8, BlockLayout.Invalid));
    }

    [Fact]
    public void The_walk_visits_every_young_block_of_every_chunk_and_every_old_block()
    {
        using var heap = new Heap();
        var rng = new Random(7);
        var blocks = new List<nint>();
        // More than two chunks of small blocks (zero-sized ones included), with old (large) blocks in between.
        long total = 0;
        while (total < 2L * YoungGeneration.ChunkSize + 100_000)
        {
            var size = rng.Next(10) switch
            {
                0 => 0,
                1 => rng.Next(1, 8),
                9 when rng.Next(4) == 0 => Large + rng.Next(1000),
                _ => rng.Next(8, 3000),
            };
            var layout = rng.Next(2) == 0 ? BlockLayout.NoPointers : BlockLayout.AllPointers;
            var b = heap.Allocate(layout == BlockLayout.AllPointers ? size & ~7 : size, layout);
            blocks.Add(b);
            total += size + 8;
        }
        Assert.Contains(blocks, b => Heap.SizeOf(b) >= Large);
        var walked = new List<nint>();
        heap.ForEachBlock(walked.Add);
        Assert.Equal(blocks.Count, walked.Count);
        Assert.Equal(blocks.Order(), walked.Order());
        // Small blocks come in allocation order inside their chunk.
        var small = blocks.Where(b => Heap.SizeOf(b) + 8 < Large).ToList();
        Assert.Equal(small, walked.Where(b => Heap.SizeOf(b) + 8 < Large));
        Assert.Equal(heap.AllocationCount, walked.Count);
    }

    [Fact]
    public void FindBlockStart_maps_every_address_inside_a_block_to_it_and_others_to_zero()
    {
        using var heap = new Heap();
        var rng = new Random(11);
        var blocks = new List<nint>();
        for (var i = 0; i < 20_000; i++)
        {
            var size = i % 500 == 0 ? Large + 24 : rng.Next(5) == 0 ? rng.Next(0, 3) : rng.Next(0, 700);
            blocks.Add(heap.Allocate(size, BlockLayout.NoPointers));
        }
        // Reference answer: a payload [start, start + size], its end included (hl.Bytes may point there).
        var sorted = blocks.Order().ToArray();
        nint Naive(nint a)
        {
            var i = Array.BinarySearch(sorted, a);
            if (i >= 0)
                return a;
            i = ~i - 1;
            return i >= 0 && a <= sorted[i] + (nint)Heap.SizeOf(sorted[i]) ? sorted[i] : 0;
        }

        foreach (var b in blocks.Take(3000))
        {
            var size = (nint)Heap.SizeOf(b);
            Assert.Equal(b, heap.FindBlockStart(b));
            if (size > 0)
            {
                Assert.Equal(b, heap.FindBlockStart(b + size - 1));
                Assert.Equal(b, heap.FindBlockStart(b + size / 2));
            }
            Assert.Equal(b, heap.FindBlockStart(b + size));          // one past the end
            Assert.Equal(0, heap.FindBlockStart(b - 1));             // on the header
            Assert.Equal(Naive(b + size + 1), heap.FindBlockStart(b + size + 1));
        }
        for (var i = 0; i < 100_000; i++)
        {
            var b = blocks[rng.Next(blocks.Count)];
            var a = b + rng.Next(-64, (int)Math.Min(Heap.SizeOf(b) + 64, 1 << 20));
            Assert.Equal(Naive(a), heap.FindBlockStart(a));
        }
        var large = blocks.First(b => Heap.SizeOf(b) > Large);
        Assert.Equal(large, heap.FindBlockStart(large + Large));
        Assert.True(OldRegion.Contains(large));

        Assert.Equal(0, heap.FindBlockStart(0));
        Assert.Equal(0, heap.FindBlockStart(12345));
        var local = 0;
        Assert.Equal(0, heap.FindBlockStart((nint)(&local)));
        // The free tail of the current chunk is inside the heap but not in a block (finding blocks retires the allocation buffer).
        var last = blocks.Last(b => Heap.SizeOf(b) < Large);
        Assert.True(heap.Contains(last + 4096));
        Assert.Equal(0, heap.FindBlockStart(last + 4096));
        // Blocks allocated after the index was built are found too.
        var later = heap.Allocate(24, BlockLayout.NoPointers);
        Assert.Equal(later, heap.FindBlockStart(later + 23));
    }
}
