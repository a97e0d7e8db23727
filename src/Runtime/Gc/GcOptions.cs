namespace Vm.Runtime.Gc;

/// <summary>Sizes and policies of the collector.</summary>
public sealed record GcOptions
{
    /// <summary>
    /// Bytes of young allocation between minor collections (the eden's nominal size). Small, so that a minor
    /// pause stays well under a millisecond for frame-lived garbage and so that what a start-up phase leaves
    /// in the eden (promoted by the first collection of the frames that follow) is small. GameFrames: with
    /// 2 MB its third frame pays 2.5 ms promoting the rest of the world, with 1 MB no frame over 2.2 ms;
    /// throughput elsewhere within noise (JsonRoundTrip, MapsAndStrings, Closures, DeltaBlue). Larger
    /// nurseries trade pause length for throughput (VM_GC_NURSERY_KB).
    /// </summary>
    public long NurserySize { get; init; } = 1L << 20;

    /// <summary>Bytes of each of the two survivor spaces young blocks are copied to while they age.</summary>
    public long SurvivorSize { get; init; } = 1L << 20;

    /// <summary>Minor collections a block survives in the young generation before it is promoted (0: promote at once).</summary>
    public int PromotionAge { get; init; } = 2;

    /// <summary>After a minor collection whose survivors fill over half a survivor space, promote all survivors of the next one.</summary>
    public bool AdaptivePromotion { get; init; } = true;

    /// <summary>Old-generation size that triggers the first full collection; later ones follow live size.</summary>
    public long InitialOldLimit { get; init; } = 16L << 20;

    /// <summary>After a full collection the next one comes when the old generation reaches live size times this factor.</summary>
    public double OldGrowthFactor { get; init; } = 2.0;

    /// <summary>
    /// Mark the old generation in slices at the end of minor collections (<see cref="IncrementalMarking"/>)
    /// rather than in one full collection's pause. A full collection asked for (hl.Gc.major, the host API)
    /// still stops the world.
    /// </summary>
    public bool IncrementalMarking { get; init; } = true;

    /// <summary>
    /// Live size of the old generation (as the last marking found it) from which it is marked incrementally;
    /// below, and before the first marking, a full collection (its marking takes about 0.5 ms per MB live).
    /// BinaryTrees and MapsAndStrings (0.4-7 MB live) have shorter pauses and run faster with full
    /// collections (1-5 ms each) than with slices and a remark; LargeWorld (a 170 MB world) has 150-200 ms
    /// full collections and 4-8 ms slices and remarks.
    /// </summary>
    public long IncrementalMarkingThreshold { get; init; } = 8L << 20;

    /// <summary>Bytes of old blocks a marking slice scans, besides as much as the minor collection promoted.</summary>
    public long MarkSliceBytes { get; init; } = 512L << 10;

    /// <summary>Collect at every safepoint (where something was allocated) and verify the heap after each collection.</summary>
    public bool Stress { get; init; }

    public void Validate()
    {
        if (NurserySize < YoungGeneration.ChunkSize || SurvivorSize < YoungGeneration.ChunkSize)
            throw new InvalidGcOptionsException($"nursery and survivor spaces take at least {YoungGeneration.ChunkSize} bytes");
        if (PromotionAge is < 0 or > Memory.BlockHeader.MaxAge)
            throw new InvalidGcOptionsException($"promotion age must be between 0 and {Memory.BlockHeader.MaxAge}");
        if (InitialOldLimit < 0)
            throw new InvalidGcOptionsException("the old generation's first limit cannot be negative");
        if (IncrementalMarkingThreshold < 0)
            throw new InvalidGcOptionsException("the incremental marking threshold cannot be negative");
        if (MarkSliceBytes < 1)
            throw new InvalidGcOptionsException("a marking slice must scan at least one byte");
        if (OldGrowthFactor < 1.1)
            throw new InvalidGcOptionsException("the old generation's growth factor must be at least 1.1");
    }
}

/// <summary>Collector sizes or policies that cannot work (too small a nursery, an age beyond the header's counter, …).</summary>
public sealed class InvalidGcOptionsException(string message) : ArgumentException(message);
