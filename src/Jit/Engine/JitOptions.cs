namespace Vm.Jit.Engine;

/// <summary>How the JIT compiles.</summary>
public sealed class JitOptions
{
    public ExecutionMode Mode { get; init; } = ExecutionMode.Lazy;

    /// <summary>The LLVM new-pass-manager pipeline run on every module.</summary>
    public string Pipeline { get; init; } = "default<O2>";

    /// <summary>Run LLVM's verifier on every module before compiling it (an internal consistency check).</summary>
    public bool Verify { get; init; } = true;

    /// <summary>Lazy mode: compile the functions the program is likely to call next on a helper thread.</summary>
    public bool BackgroundCompilation { get; init; } = true;
}
