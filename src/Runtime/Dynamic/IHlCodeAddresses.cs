using Vm.Runtime.Types;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// Code addresses the dynamic object model needs from the JIT. The JIT's <see cref="JitAbi.IHlInvoker"/>
/// (<see cref="VmRuntime.Invoker"/>) implements this interface too; without it, methods reached by
/// reflection and class bindings cannot be resolved and function casts that need a wrapper fail.
/// </summary>
public interface IHlCodeAddresses
{
    /// <summary>
    /// The address stored in closures and method tables for HL function <paramref name="functionIndex"/>
    /// (what OCallClosure calls, and what <see cref="JitAbi.IHlInvoker.Invoke"/> accepts).
    /// </summary>
    nint FunctionAddress(int functionIndex);

    /// <summary>
    /// HashLink's get_wrapper: the entry of a stub with the calling convention of a closure of type
    /// <paramref name="funType"/> (bound value first: the wrapper closure itself, then the arguments of
    /// <paramref name="funType"/>), which stores its arguments as 8-byte slots (ints and pointers as
    /// themselves, floats as their bits) and returns
    /// <c>rt_wrapper_call(wrapperClosure, slots)</c> converted to the return type (float bits for
    /// f32/f64). Zero when the JIT cannot provide one (the cast then fails as in HashLink).
    /// </summary>
    nint FunWrapperEntry(RuntimeType funType);
}
