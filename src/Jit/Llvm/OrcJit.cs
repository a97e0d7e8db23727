using System.Runtime.InteropServices;

namespace Vm.Jit.Llvm;

/// <summary>
/// ORC's LLJIT: modules in, machine code out. Offers absolute symbols (natives, runtime helpers),
/// eager modules, and lazy functions: a stub whose first call builds the function's module through
/// a callback, compiles it and patches the stub (lazy reexports over custom materialization units).
/// </summary>
public sealed unsafe class OrcJit : IDisposable
{
    private nint _jit;
    private nint _tsc;
    private readonly nint _dylib;
    private readonly nint _irLayer;
    private readonly nint _objectLayer;
    private nint _stubs;
    private nint _callThrough;
    private readonly JitMemory _memory = new();
    private GCHandle _memoryHandle;

    public OrcJit()
    {
        LlvmTargetMachine.InitializeNativeTarget();
        var builder = LlvmOrcApi.CreateLLJITBuilder();
        LlvmErrors.Check(LlvmOrcApi.JITTargetMachineBuilderDetectHost(out var jtmb), "detecting the host for the JIT");
        LlvmOrcApi.LLJITBuilderSetJITTargetMachineBuilder(builder, jtmb);
        _memoryHandle = GCHandle.Alloc(_memory);
        _memory.ObjectSealed += OnObjectSealed;
        JitMemoryCallbacks.Install(builder, _memoryHandle);
        LlvmErrors.Check(LlvmOrcApi.CreateLLJIT(out _jit, builder), "creating the LLJIT");
        _tsc = LlvmOrcApi.CreateNewThreadSafeContext();
        Context = new LlvmContext(LlvmOrcApi.ThreadSafeContextGetContext(_tsc));
        _dylib = LlvmOrcApi.LLJITGetMainJITDylib(_jit);
        _irLayer = LlvmOrcApi.LLJITGetIRTransformLayer(_jit);
        _objectLayer = LlvmOrcApi.LLJITGetObjLinkingLayer(_jit);
        Triple = Marshal.PtrToStringUTF8(LlvmOrcApi.LLJITGetTripleString(_jit))!;
        DataLayout = Marshal.PtrToStringUTF8(LlvmOrcApi.LLJITGetDataLayoutStr(_jit))!;
        // C library functions LLVM calls (memcpy, fmod...) come from the process.
        LlvmErrors.Check(LlvmOrcApi.CreateDynamicLibrarySearchGeneratorForProcess(out var generator, LlvmOrcApi.LLJITGetGlobalPrefix(_jit), 0, 0),
            "creating the process symbol generator");
        LlvmOrcApi.JITDylibAddGenerator(_dylib, generator);
    }

    public LlvmContext Context { get; }

    /// <summary>
    /// Held while IR is built in the shared <see cref="Context"/> or ORC's compiler runs: neither is
    /// thread-safe (modules of their own context compiled to objects need no lock).
    /// </summary>
    public Lock CompileLock { get; } = new();

    [ThreadStatic]
    private static bool _isHelperThread;

    /// <summary>Marks the calling thread as a compilation helper (statistics and traces tell its work apart).</summary>
    public static void MarkHelperThread() => _isHelperThread = true;

    /// <summary>Whether the calling thread is a helper (see <see cref="MarkHelperThread"/>).</summary>
    public static bool IsHelperThread => _isHelperThread;
    public string Triple { get; }
    public string DataLayout { get; }

    /// <summary>Called when a lazy function's module could not be produced; the message says which.</summary>
    public static event Action<string>? LazyCompileFailed;

    /// <summary>A module for this JIT; its data layout marks collected pointers (address space 1) non-integral.</summary>
    public LlvmModule CreateModule(string name) => new(Context, name, Triple, DataLayout + "-ni:1");

    /// <summary>
    /// A module in a context of its own: it can be built, optimized and compiled on any thread, outside
    /// <see cref="CompileLock"/>, while other modules are.
    /// </summary>
    public LlvmModule CreateIsolatedModule(string name)
    {
        var tsc = LlvmOrcApi.CreateNewThreadSafeContext();
        return new LlvmModule(new LlvmContext(LlvmOrcApi.ThreadSafeContextGetContext(tsc)), name, Triple, DataLayout + "-ni:1") { OwnContext = tsc };
    }

    /// <summary>Hands a module to the JIT; its functions compile when first looked up.</summary>
    public void AddModule(LlvmModule module)
    {
        var tsm = LlvmOrcApi.CreateNewThreadSafeModule(module.Release(), _tsc);
        LlvmErrors.Check(LlvmOrcApi.LLJITAddLLVMIRModule(_jit, _dylib, tsm), "adding a module to the JIT");
    }

    /// <summary>Hands a compiled object (an LLVMMemoryBufferRef, owned by the JIT from now on) to the JIT; it is linked when first looked up.</summary>
    public void AddObject(nint objectBuffer) =>
        LlvmErrors.Check(LlvmOrcApi.LLJITAddObjectFile(_jit, _dylib, objectBuffer), "adding an object to the JIT");

    /// <summary>Defines symbols at fixed addresses (natives, runtime helpers, C library data).</summary>
    public void DefineAbsolute(IReadOnlyList<(string Name, nint Address)> symbols)
    {
        if (symbols.Count == 0)
            return;
        var pairs = new OrcSymbolMapPair[symbols.Count];
        for (var i = 0; i < symbols.Count; i++)
        {
            pairs[i].Name = LlvmOrcApi.LLJITMangleAndIntern(_jit, symbols[i].Name);
            pairs[i].Address = (ulong)symbols[i].Address;
            pairs[i].Flags.Generic = OrcSymbolFlags.Exported | OrcSymbolFlags.Callable;
        }
        fixed (OrcSymbolMapPair* p = pairs)
            LlvmErrors.Check(LlvmOrcApi.JITDylibDefine(_dylib, LlvmOrcApi.AbsoluteSymbols(p, (nuint)pairs.Length)), "defining absolute symbols");
    }

    /// <summary>Address of a symbol, compiling its module if needed.</summary>
    public nint Lookup(string name)
    {
        LlvmErrors.Check(LlvmOrcApi.LLJITLookup(_jit, out var address, name), $"looking up '{name}'");
        return (nint)address;
    }

    /// <summary>
    /// Defines lazy functions: for each (stub, body, producer), calls go through <c>stub</c>; the first
    /// call runs the producer, which returns the module defining <c>body</c>, and compiles it. Without
    /// <paramref name="compileToObject"/>, producer and ORC's compiler run under <see cref="CompileLock"/>;
    /// with it, producers make modules of their own context (<see cref="CreateIsolatedModule"/>) that it
    /// compiles to objects with the calling thread's target machine: several threads compile at once.
    /// </summary>
    public void DefineLazy(IReadOnlyList<(string Stub, string Body, Func<LlvmModule> Produce)> functions, Func<LlvmModule, nint>? compileToObject = null)
    {
        if (functions.Count == 0)
            return;
        EnsureLazyMachinery();
        foreach (var (_, body, produce) in functions)
        {
            var unit = GCHandle.Alloc(new LazyUnit(this, body, produce, compileToObject));
            var sym = new OrcSymbolFlagsPair { Name = LlvmOrcApi.LLJITMangleAndIntern(_jit, body) };
            sym.Flags.Generic = OrcSymbolFlags.Exported | OrcSymbolFlags.Callable;
            var mu = LlvmOrcApi.CreateCustomMaterializationUnit(body, GCHandle.ToIntPtr(unit), &sym, 1, 0,
                &MaterializeUnit, &DiscardUnit, &DestroyUnit);
            LlvmErrors.Check(LlvmOrcApi.JITDylibDefine(_dylib, mu), $"defining lazy function {body}");
        }
        var aliases = new OrcSymbolAliasPair[functions.Count];
        for (var i = 0; i < functions.Count; i++)
        {
            aliases[i].Name = LlvmOrcApi.LLJITMangleAndIntern(_jit, functions[i].Stub);
            aliases[i].Aliasee = LlvmOrcApi.LLJITMangleAndIntern(_jit, functions[i].Body);
            aliases[i].Flags.Generic = OrcSymbolFlags.Exported | OrcSymbolFlags.Callable;
        }
        fixed (OrcSymbolAliasPair* p = aliases)
        {
            var mu = LlvmOrcApi.LazyReexports(_callThrough, _stubs, _dylib, p, (nuint)aliases.Length);
            LlvmErrors.Check(LlvmOrcApi.JITDylibDefine(_dylib, mu), "defining lazy stubs");
        }
    }

    private void EnsureLazyMachinery()
    {
        if (_stubs != 0)
            return;
        _stubs = LlvmOrcApi.CreateLocalIndirectStubsManager(Triple);
        var session = LlvmOrcApi.LLJITGetExecutionSession(_jit);
        delegate* unmanaged<void> onError = &LazyCallFailed;
        LlvmErrors.Check(LlvmOrcApi.CreateLocalLazyCallThroughManager(Triple, session, (ulong)(nint)onError, out _callThrough),
            "creating the lazy call-through manager");
    }

    private sealed class LazyUnit(OrcJit jit, string body, Func<LlvmModule> produce, Func<LlvmModule, nint>? compileToObject)
    {
        public OrcJit Jit { get; } = jit;
        public string Body { get; } = body;
        public Func<LlvmModule> Produce { get; } = produce;
        public Func<LlvmModule, nint>? CompileToObject { get; } = compileToObject;
    }

    [UnmanagedCallersOnly]
    private static void MaterializeUnit(nint context, nint responsibility)
    {
        var handle = GCHandle.FromIntPtr(context);
        var unit = (LazyUnit)handle.Target!;
        handle.Free();
        try
        {
            _materializing = unit.Body;
            if (unit.CompileToObject is { } compile)
                EmitObject(unit, responsibility, compile);
            else
                EmitUnderLock(unit, responsibility);
        }
        catch (Exception e)
        {
            LazyCompileFailed?.Invoke($"compiling {unit.Body} failed: {e.Message}");
            LlvmOrcApi.MaterializationResponsibilityFailMaterialization(responsibility);
            LlvmOrcApi.DisposeMaterializationResponsibility(responsibility);
        }
        finally
        {
            _materializing = null;
        }
    }

    // A module in a context of its own, compiled with the calling thread's target machine: no lock, so the
    // program's thread and a helper compile at the same time; ORC's object layer links from any thread.
    private static void EmitObject(LazyUnit unit, nint responsibility, Func<LlvmModule, nint> compile)
    {
        nint obj;
        using (var module = unit.Produce())
        {
            if (module.OwnContext == 0)
                throw new InvalidOperationException("a module in the shared context cannot be compiled outside the lock");
            obj = compile(module);
        }
        LlvmOrcApi.ObjectLayerEmit(unit.Jit._objectLayer, responsibility, obj);
    }

    // Built in the shared context and compiled by ORC's compiler (one target machine): under the compile lock.
    private static void EmitUnderLock(LazyUnit unit, nint responsibility)
    {
        var jit = unit.Jit;
        lock (jit.CompileLock)
        {
            var module = unit.Produce();
            var tsm = LlvmOrcApi.CreateNewThreadSafeModule(module.Release(), jit._tsc);
            LlvmOrcApi.IRTransformLayerEmit(jit._irLayer, responsibility, tsm);
        }
    }

    [UnmanagedCallersOnly]
    private static void DiscardUnit(nint context, nint dylib, nint symbol)
    {
    }

    [UnmanagedCallersOnly]
    private static void DestroyUnit(nint context)
    {
        var handle = GCHandle.FromIntPtr(context);
        if (handle.IsAllocated)
            handle.Free();
    }

    // Reached instead of a lazy function whose compilation failed: nothing sensible can continue.
    [UnmanagedCallersOnly]
    private static void LazyCallFailed()
    {
        Console.Out.Flush();
        Console.Error.WriteLine("vm: fatal error: a function could not be compiled (see the message above)");
        Environment.Exit(70);
    }

    public void Dispose()
    {
        // Same order as LLVM's C API examples: stubs, call-through manager, then the JIT.
        if (_stubs != 0)
        {
            LlvmOrcApi.DisposeIndirectStubsManager(_stubs);
            _stubs = 0;
        }
        if (_callThrough != 0)
        {
            LlvmOrcApi.DisposeLazyCallThroughManager(_callThrough);
            _callThrough = 0;
        }
        if (_jit != 0)
        {
            LlvmOrcApi.DisposeLLJIT(_jit);
            _jit = 0;
        }
        if (_tsc != 0)
        {
            LlvmOrcApi.DisposeThreadSafeContext(_tsc);
            _tsc = 0;
        }
        if (_memoryHandle.IsAllocated)
        {
            _memory.Dispose();
            _memoryHandle.Free();
        }
    }

    /// <summary>The memory compiled code and data live in.</summary>
    internal JitMemory Memory => _memory;

    /// <summary>Raised with the bytes of each compiled object's stack map section, once relocated.</summary>
    public event Action<ReadOnlyMemory<byte>>? StackMapsLoaded
    {
        add => _stackMapsLoaded += value;
        remove => _stackMapsLoaded -= value;
    }

    private Action<ReadOnlyMemory<byte>>? _stackMapsLoaded;

    // The lazy function whose object the calling thread is linking (names code in the perf map).
    [ThreadStatic]
    private static string? _materializing;

    /// <summary>Names the lazy function being produced on this thread (the perf map shows this name).</summary>
    public static void NameFunctionBeingCompiled(string name) => _materializing = name;

    private void OnObjectSealed(JitMemory.ObjectCode code)
    {
        if (PerfMap.Enabled)
            foreach (var (start, size) in code.CodeRanges)
                PerfMap.Add(start, size, _materializing ?? "hl.jit.object");
        code.CodeRanges.Clear();
        foreach (var (name, address, size) in code.DataSections)
            if (name == ".llvm_stackmaps" && size > 0)
                _stackMapsLoaded?.Invoke(new ReadOnlySpan<byte>((void*)address, (int)size).ToArray());
        code.DataSections.Clear();
    }
}
