namespace Vm.Jit.Engine;

/// <summary>When functions are compiled.</summary>
public enum ExecutionMode
{
    /// <summary>Each function is compiled on its first call (the default: fast start-up).</summary>
    Lazy,
    /// <summary>Every function is compiled before the entry point runs, as one module (cross-function inlining).</summary>
    Eager,
}
