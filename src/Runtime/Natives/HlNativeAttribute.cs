namespace Vm.Runtime.Natives;

/// <summary>
/// Marks a static [UnmanagedCallersOnly] method as the implementation of HL native
/// <see cref="Library"/>.<see cref="Name"/> (e.g. "std", "itos"). Parameters and return use HL's C
/// types: int for i32, double for f64, byte for bool, nint (or a pointer) for every reference.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class HlNativeAttribute(string library, string name) : Attribute
{
    public string Library { get; } = library;
    public string Name { get; } = name;

    /// <summary>
    /// The method may call back into HL code and uses no heap address it held from before a callback after
    /// it (only the callback's result, and references it kept in the thread's <see cref="Gc.HandleStack"/>):
    /// collections may then move objects during its callbacks. The JIT calls
    /// it through a callback shim so the stack walk can reach the HL caller's references.
    /// </summary>
    public bool CallbacksMayMoveObjects { get; init; }
}
