namespace Vm.Runtime.Gc;

/// <summary>What happened at safepoints: how many were reached, how many reference slots their stacks held.</summary>
public sealed class SafepointStatistics
{
    public long Polls { get; internal set; }
    public long RootWalks { get; internal set; }
    public long RootSlots { get; internal set; }
    public long DeferredForCallbacks { get; internal set; }
    public long InvalidRoots { get; internal set; }
}
