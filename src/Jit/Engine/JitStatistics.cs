namespace Vm.Jit.Engine;

/// <summary>What the JIT did: functions compiled, time spent, functions it could not lower.</summary>
public sealed class JitStatistics
{
    /// <summary>Bytecode functions in the module.</summary>
    public int FunctionCount { get; init; }

    /// <summary>Bytecode functions compiled so far.</summary>
    public int CompiledFunctions { get; internal set; }

    /// <summary>Of <see cref="CompiledFunctions"/>, those the background compiler compiled ahead of their first call.</summary>
    public int BackgroundCompiledFunctions { get; internal set; }

    /// <summary>Native thunks compiled so far (natives used as closures or bound fields).</summary>
    public int CompiledThunks { get; internal set; }

    /// <summary>Time spent lowering, optimizing and generating code, summed over threads (lazy mode compiles on two).</summary>
    public TimeSpan CompileTime { get; internal set; }

    /// <summary>Compiled functions whose body raises "not supported yet" instead of running.</summary>
    public List<string> UnsupportedFunctions { get; } = [];

    /// <summary>Natives the module declares that this runtime does not implement.</summary>
    public int MissingNatives { get; internal set; }
}
