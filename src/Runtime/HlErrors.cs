using Vm.Frontend.Model;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;

namespace Vm.Runtime;

/// <summary>
/// How natives raise Haxe exceptions: they never unwind; they record the exception as pending on
/// the current thread and return, and the JIT call site throws it.
/// </summary>
public static unsafe class HlErrors
{
    /// <summary>Raises an error message the way HashLink's hl_error does: a boxed UTF-16 string (dynamic of type bytes).</summary>
    public static void Raise(string message)
    {
        var thread = VmThread.Current;
        var rt = thread.Runtime;
        var box = rt.AllocateDynamic(rt.Types.Builtin(TypeKind.Bytes));
        Gc.WriteBarrier.Store(box + ValueLayout.DynamicValue, rt.Strings.AllocUtf16(message));
        RaiseValue(box);
    }

    /// <summary>Raises any HL value as the pending exception of the current thread.</summary>
    public static void RaiseValue(nint value)
    {
        var ctx = VmThread.Current.Context;
        // The thread context is native memory: ExceptionValue is a root slot (no barrier).
        ctx->ExceptionValue = value;
        ctx->PendingException = 1;
    }

    /// <summary>Raises "Null access", HashLink's error for reading through null.</summary>
    public static void NullAccess() => Raise("Null access");
}
