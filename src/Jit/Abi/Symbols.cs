namespace Vm.Jit.Abi;

/// <summary>Names of the symbols JIT code defines and calls.</summary>
public static class Symbols
{
    /// <summary>What callers call for HL function <paramref name="findex"/>: the lazy stub, or the body itself in eager mode.</summary>
    public static string Function(int findex) => $"hl.f{findex}";

    /// <summary>The body of HL function <paramref name="findex"/> behind its lazy stub.</summary>
    public static string FunctionBody(int findex) => $"hl.f{findex}.body";

    /// <summary>A native's implementation (C calling convention, no context argument).</summary>
    public static string Native(int nativeIndex) => $"hl.native{nativeIndex}";

    /// <summary>A thunk giving native <paramref name="nativeIndex"/> the HL calling convention, for closures over natives.</summary>
    public static string NativeThunk(int nativeIndex) => $"hl.native{nativeIndex}.thunk";

    /// <summary>Support functions written in IR (throwing, trampolines).</summary>
    public const string Throw = "vm.throw";
    public const string Rethrow = "vm.rethrow";
    public const string ThrowRaw = "vm.throw_raw";
    public const string RaisePending = "vm.raise_pending";
    public const string NullAccess = "vm.null_access";
    public const string StackOverflow = "vm.stack_overflow";
    public const string Safepoint = "vm.safepoint";

    /// <summary>The GC strategy of compiled HL code: calls become statepoints, recorded in the stack maps.</summary>
    public const string GcStrategy = "statepoint-example";

    /// <summary>Trampoline calling HL code from outside: catches every exception (see <see cref="Support.TrampolineBuilder"/>).</summary>
    public static string Trampoline(string signatureKey) => $"vm.enter.{signatureKey}";
}
