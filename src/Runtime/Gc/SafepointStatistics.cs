namespace Vm.Runtime.Gc;

/// <summary>How many safepoint requests JIT code answered.</summary>
public sealed class SafepointStatistics
{
    public long Polls { get; internal set; }
}
