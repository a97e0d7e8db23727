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
}
