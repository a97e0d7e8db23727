using System.Diagnostics;
using Vm.Frontend.Model;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Jit.Lowering;
using Vm.Jit.Support;
using Vm.Runtime;

namespace Vm.Jit.Engine;

/// <summary>
/// Compiles a module's functions with ORC, lazily or eagerly, against a runtime: defines natives and
/// runtime helpers as absolute symbols, builds the support module, and publishes every function's
/// entry point to the runtime's function table.
/// </summary>
internal sealed class JitEngine : IDisposable
{
    private readonly OrcJit _jit;
    // One per thread: a target machine caches per-function subtargets without locking.
    private readonly ThreadLocal<LlvmTargetMachine> _targets = new(() => new LlvmTargetMachine(), trackAllValues: true);
    private readonly VmRuntime _runtime;
    private readonly RuntimeHelperTable _helpers;
    private readonly JitOptions _options;
    private readonly Dictionary<string, nint> _trampolines = [];
    private readonly Lock _statisticsLock = new();
    private readonly BackgroundCompiler? _background;

    public JitEngine(VmRuntime runtime, JitOptions options)
    {
        _runtime = runtime;
        _options = options;
        _helpers = new RuntimeHelperTable();
        _jit = new OrcJit();
        _jit.StackMapsLoaded += bytes =>
        {
            foreach (var r in StackMapParser.Parse(bytes.Span))
            {
                runtime.CallSites.Add(r.ReturnAddress, r.Id);
                runtime.Safepoints.Add(r.ReturnAddress, new Runtime.Gc.SafepointRoots(r.Id, r.StatepointRoots()));
            }
        };
        Statistics = new JitStatistics { FunctionCount = runtime.Module.Functions.Count, MissingNatives = runtime.Natives.MissingCount };

        var absolute = new List<(string, nint)>();
        absolute.AddRange(CxxRuntime.Symbols);
        absolute.AddRange(_helpers.All.Select(h => (h.Name, h.Address)));
        foreach (var bound in runtime.Natives.All)
            if (bound.Implementation is { } impl)
                absolute.Add((Symbols.Native(bound.Native.Index), impl.Address));
        _jit.DefineAbsolute(absolute);
        _jit.AddModule(Optimize(SupportModule.Build(_jit, _helpers), "support"));
        _jit.AddModule(Optimize(MissingNatives.Build(_jit, _helpers, runtime), "missing natives"));
        // Compile the support code now: it is needed by everything.
        _jit.Lookup(Symbols.Throw);

        if (options.Mode == ExecutionMode.Lazy)
        {
            if (options.BackgroundCompilation)
                _background = new BackgroundCompiler(_jit, runtime.Module);
            DefineLazy();
        }
        else
            CompileEagerly();

        var entries = new nint[runtime.Module.FunctionIndexCount];
        for (var i = 0; i < entries.Length; i++)
            entries[i] = _jit.Lookup(Symbols.Function(i));
        runtime.Functions.SetEntries(entries);
        _background?.Start();
    }

    public JitStatistics Statistics { get; }

    // VM_JIT_TRACE=1: one line per compiled function on stderr (which thread, when, how long).
    private static readonly bool Trace = Environment.GetEnvironmentVariable("VM_JIT_TRACE") == "1";
    private static readonly long TraceStart = Stopwatch.GetTimestamp();

    /// <summary>The LLVM IR of one function, as lowered and after the pipeline and the statepoint rewriting (what is compiled).</summary>
    public static (string Before, string After) DumpIr(VmRuntime runtime, HlFunction f, JitOptions options)
    {
        using var jit = new OrcJit();
        using var target = new LlvmTargetMachine();
        using var module = jit.CreateModule(Symbols.FunctionBody(f.FunctionIndex));
        var lowering = new ModuleLowering(module, runtime, new RuntimeHelperTable());
        FunctionLowerer.Lower(lowering, f, Symbols.Function(f.FunctionIndex));
        var before = module.ToString();
        target.RunPasses(module, options.Pipeline + ",rewrite-statepoints-for-gc");
        return (before, module.ToString());
    }

    private void DefineLazy()
    {
        var lazy = new List<(string, string, Func<LlvmModule>)>();
        var code = _runtime.Module;
        for (var findex = 0; findex < code.FunctionIndexCount; findex++)
        {
            var callee = code.GetCallee(findex);
            var index = findex;
            lazy.Add((Symbols.Function(findex), Symbols.FunctionBody(findex), callee.Function is { } f
                ? () => CompileFunction(f)
                : () => CompileThunk(callee.Native!, index)));
        }
        _jit.DefineLazy(lazy, EmitObject);
    }

    private LlvmModule CompileFunction(HlFunction f)
    {
        var sw = Stopwatch.StartNew();
        OrcJit.NameFunctionBeingCompiled(f.Name);
        _background?.Produced(f.FunctionIndex);
        var module = _jit.CreateIsolatedModule(Symbols.FunctionBody(f.FunctionIndex));
        var lowering = new ModuleLowering(module, _runtime, _helpers);
        var problem = FunctionLowerer.Lower(lowering, f, Symbols.FunctionBody(f.FunctionIndex));
        lock (_statisticsLock)
        {
            Statistics.CompiledFunctions++;
            if (OrcJit.IsHelperThread)
                Statistics.BackgroundCompiledFunctions++;
            if (problem is not null)
                Statistics.UnsupportedFunctions.Add(problem);
        }
        var lowered = sw.Elapsed.TotalMilliseconds;
        var result = Optimize(module, f.Name);
        lock (_statisticsLock)
            Statistics.CompileTime += sw.Elapsed;
        if (Trace)
            Console.Error.WriteLine($"jit: {f.Name} on {(OrcJit.IsHelperThread ? "the background compiler" : "the program's thread")} at {Stopwatch.GetElapsedTime(TraceStart).TotalMilliseconds:F0} ms: lowered in {lowered:F1} ms, optimized in {sw.Elapsed.TotalMilliseconds - lowered:F1} ms");
        return result;
    }

    private LlvmModule CompileThunk(HlNative native, int findex)
    {
        var sw = Stopwatch.StartNew();
        _background?.Produced(findex);
        var module = _jit.CreateIsolatedModule(Symbols.FunctionBody(findex));
        NativeThunks.Define(new ModuleLowering(module, _runtime, _helpers), native, Symbols.FunctionBody(findex));
        lock (_statisticsLock)
            Statistics.CompiledThunks++;
        var result = Optimize(module, native.QualifiedName);
        lock (_statisticsLock)
            Statistics.CompileTime += sw.Elapsed;
        return result;
    }

    private void CompileEagerly()
    {
        var code = _runtime.Module;
        // The program in parts (one per core, at most two), each a module of its own context compiled to an
        // object on its own thread; ORC links the calls between parts.
        var parts = Math.Clamp(Environment.ProcessorCount, 1, 2);
        var objects = new nint[parts];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part => objects[part] = CompilePart(part, parts));
        foreach (var obj in objects)
            _jit.AddObject(obj);
        _jit.Lookup(Symbols.Function(code.EntryPoint));
        CompilerMemory.Release();
    }

    // Every parts-th function from index part: parts of about the same size.
    private nint CompilePart(int part, int parts)
    {
        var sw = Stopwatch.StartNew();
        var code = _runtime.Module;
        using var module = _jit.CreateIsolatedModule($"hl.program.{part}");
        var lowering = new ModuleLowering(module, _runtime, _helpers);
        for (var findex = part; findex < code.FunctionIndexCount; findex += parts)
        {
            var callee = code.GetCallee(findex);
            if (callee.Function is { } f)
            {
                var problem = FunctionLowerer.Lower(lowering, f, Symbols.Function(findex));
                lock (_statisticsLock)
                {
                    if (problem is not null)
                        Statistics.UnsupportedFunctions.Add(problem);
                    Statistics.CompiledFunctions++;
                }
            }
            else
            {
                NativeThunks.Define(lowering, callee.Native!, Symbols.Function(findex));
                lock (_statisticsLock)
                    Statistics.CompiledThunks++;
            }
        }
        Optimize(module, parts == 1 ? "program" : $"program part {part}");
        lock (_statisticsLock)
            Statistics.CompileTime += sw.Elapsed;
        return EmitObject(module);
    }

    // Code generation with the calling thread's target machine.
    private nint EmitObject(LlvmModule module)
    {
        var sw = Stopwatch.StartNew();
        var obj = _targets.Value!.EmitObject(module);
        lock (_statisticsLock)
            Statistics.CompileTime += sw.Elapsed;
        return obj;
    }

    private LlvmModule Optimize(LlvmModule module, string what)
    {
        if (_options.Verify && module.Verify() is { } problem)
            throw new LlvmException($"internal error: invalid LLVM IR for {what}: {problem}");
        // Statepoints come last, on optimized code: every remaining call site gets a stack map record.
        _targets.Value!.RunPasses(module, _options.Pipeline + ",rewrite-statepoints-for-gc");
        if (Environment.GetEnvironmentVariable("VM_DUMP_IR") is { Length: > 0 } dir)
            File.WriteAllText(Path.Combine(dir, string.Concat(what.Split(Path.GetInvalidFileNameChars())) + ".ll"), module.ToString());
        return module;
    }

    /// <summary>The trampoline for one call shape, compiled on first use.</summary>
    public nint Trampoline(FunctionSignature sig, bool boundValue)
    {
        var key = TrampolineBuilder.ShapeKey(sig, boundValue);
        lock (_jit.CompileLock)
        {
            if (_trampolines.TryGetValue(key, out var address))
                return address;
            _jit.AddModule(Optimize(TrampolineBuilder.Build(_jit, key, sig, boundValue), "trampoline " + key));
            address = _jit.Lookup(Symbols.Trampoline(key));
            _trampolines[key] = address;
            return address;
        }
    }

    private readonly Dictionary<string, nint> _wrappers = [];

    /// <summary>The function-cast wrapper for closures of one function type, compiled on first use.</summary>
    public nint Wrapper(FunctionSignature sig)
    {
        var key = TrampolineBuilder.ShapeKey(sig, boundValue: true);
        lock (_jit.CompileLock)
        {
            if (_wrappers.TryGetValue(key, out var address))
                return address;
            _jit.AddModule(Optimize(WrapperStubBuilder.Build(_jit, _helpers, key, sig), "wrapper " + key));
            address = _jit.Lookup(WrapperStubBuilder.Symbol(key));
            _wrappers[key] = address;
            return address;
        }
    }

    public void Dispose()
    {
        _background?.Dispose();
        _jit.Dispose();
        foreach (var target in _targets.Values)
            target.Dispose();
        _targets.Dispose();
    }
}
