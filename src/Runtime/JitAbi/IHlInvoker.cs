using Vm.Frontend.Model;

namespace Vm.Runtime.JitAbi;

/// <summary>
/// Calls compiled HL code from C# (natives calling closures, methods such as __string). Implemented by
/// the JIT with entry trampolines: an exception thrown by the callee never unwinds into C#; it comes
/// back as <c>false</c> with the exception left pending on the current thread, so the native can
/// return and let the JIT raise it in the caller.
/// </summary>
public interface IHlInvoker
{
    /// <summary>
    /// Calls <paramref name="function"/> (an HL function pointer) of type <paramref name="signature"/>
    /// with <paramref name="args"/> as 8-byte slots (ints, floats as their bits, pointers), storing the
    /// result's slot in <paramref name="result"/>. Returns false when the callee threw.
    /// </summary>
    bool Invoke(nint function, HlType signature, ReadOnlySpan<ulong> args, out ulong result);

    /// <summary>Calls a closure value (bound value passed first when it has one); false when it threw.</summary>
    bool InvokeClosure(nint closure, ReadOnlySpan<ulong> args, out ulong result);
}
