using System.Runtime.CompilerServices;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// The handler a thread set with hl.Api.setErrorHandler (std.set_error_handler): HashLink calls it with an
/// exception that reaches the outermost trap, before the uncaught-exception report. Each thread's handler
/// (a closure) lives in an 8-byte slot of permanent memory; <see cref="RootSlots"/> lists them for the collector.
/// </summary>
public static unsafe class ErrorHandlers
{
    private sealed class Slot(nint address)
    {
        public nint Address { get; } = address;
    }

    private static readonly ConditionalWeakTable<VmThread, Slot> Slots = new();
    private static readonly ConditionalWeakTable<VmRuntime, List<nint>> Roots = new();

    private static nint SlotOf(VmThread thread) =>
        Slots.GetValue(thread, t =>
        {
            var address = t.Runtime.Permanent.Allocate(8);
            var roots = Roots.GetValue(t.Runtime, _ => []);
            lock (roots)
                roots.Add(address);
            return new Slot(address);
        }).Address;

    /// <summary>The error handler of <paramref name="thread"/>, or 0.</summary>
    public static nint Get(VmThread thread) => Slots.TryGetValue(thread, out var slot) ? *(nint*)slot.Address : 0;

    public static void Set(VmThread thread, nint handler) => *(nint*)SlotOf(thread) = handler;

    /// <summary>Addresses of the permanent slots holding handlers of a runtime's threads (GC roots).</summary>
    public static IReadOnlyList<nint> RootSlots(VmRuntime runtime)
    {
        if (!Roots.TryGetValue(runtime, out var roots))
            return [];
        lock (roots)
            return roots.ToArray();
    }
}
