namespace Vm.Runtime.Gc;

/// <summary>What the collector did: collections by kind, their pauses, bytes copied and promoted, peak heap.</summary>
public sealed class GcStatistics
{
    private readonly List<double> _minorPauses = [];
    private readonly List<double> _majorPauses = [];
    private readonly Lock _lock = new();

    public long MinorCollections { get; private set; }
    public long MajorCollections { get; private set; }

    /// <summary>Collections that had to wait because a native with HL callbacks was on the stack.</summary>
    public long Deferred { get; internal set; }

    /// <summary>Incremental markings started, and slices of marking run at the end of minor collections.</summary>
    public long MarkingCycles { get; internal set; }
    public long MarkSlices { get; internal set; }

    public long BytesCopied { get; internal set; }
    public long BytesPromoted { get; internal set; }
    public long PeakHeapBytes { get; internal set; }
    public long HeapVerifications { get; internal set; }

    internal void AddMinor(double ms)
    {
        lock (_lock)
        {
            MinorCollections++;
            _minorPauses.Add(ms);
        }
    }

    internal void AddMajor(double ms)
    {
        lock (_lock)
        {
            MajorCollections++;
            _majorPauses.Add(ms);
        }
    }

    /// <summary>Pause percentiles in milliseconds (p50, p99, max) of one kind; zeros when there was none.</summary>
    public (double P50, double P99, double Max) Pauses(bool major)
    {
        double[] pauses;
        lock (_lock)
            pauses = [.. major ? _majorPauses : _minorPauses];
        if (pauses.Length == 0)
            return (0, 0, 0);
        Array.Sort(pauses);
        return (Percentile(pauses, 0.50), Percentile(pauses, 0.99), pauses[^1]);
    }

    public double TotalPauseMs(bool major)
    {
        lock (_lock)
            return (major ? _majorPauses : _minorPauses).Sum();
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
