namespace Vm.Runtime.JitAbi;

/// <summary>
/// Marks a static [UnmanagedCallersOnly] method as a runtime helper JIT code calls by name. The JIT
/// derives the LLVM declaration from the C# signature (int→i32, long→i64, double→f64, float→f32,
/// byte→i8, ushort→i16, nint/pointers→ptr, void), so the signature is written once, here.
/// Helpers never unwind: to raise, they record a pending exception (see <see cref="HlErrors"/>);
/// <see cref="MayRaise"/> tells the JIT to check for one after the call.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class JitHelperAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>Whether the helper can leave a pending exception (the JIT then checks after each call).</summary>
    public bool MayRaise { get; init; } = true;

    /// <summary>
    /// The method may call back into HL code and uses no heap address it held from before a callback after
    /// it (only the callback's result): collections may then move objects during its callbacks. The JIT calls
    /// it through a callback shim so the stack walk can reach the HL caller's references.
    /// </summary>
    public bool CallbacksMayMoveObjects { get; init; }
}
