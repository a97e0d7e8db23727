using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.Jit.Engine;
using Vm.Runtime;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;

namespace Vm.Jit;

/// <summary>How to run a module.</summary>
public sealed class VmOptions
{
    public ExecutionMode Mode { get; init; } = ExecutionMode.Lazy;

    /// <summary>The program's standard output (Sys.print, trace, uncaught exception reports).</summary>
    public Stream? StandardOutput { get; init; }

    /// <summary>Program arguments (Sys.args()).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The .hl file being run, as the user gave it (Sys.programPath).</summary>
    public string? ModulePath { get; init; }

    /// <summary>Stack size of the thread HL code runs on; deep recursion needs room.</summary>
    public int StackSize { get; init; } = 256 << 20;

    public string Pipeline { get; init; } = "default<O2>";

    /// <summary>Lazy mode: compile likely next functions on a helper thread ahead of their first call (VM_BACKGROUND_JIT=0 turns it off).</summary>
    public bool BackgroundCompilation { get; init; } = Environment.GetEnvironmentVariable("VM_BACKGROUND_JIT") != "0";

    /// <summary>Collect at every safepoint site and verify the heap after each collection (also set by VM_GC_STRESS=1).</summary>
    public bool GcStress { get; init; } = Environment.GetEnvironmentVariable("VM_GC_STRESS") == "1";

    /// <summary>Collector sizes and policies; the environment may override some (<see cref="GcOptionsFromEnvironment"/>).</summary>
    public Runtime.Gc.GcOptions Gc { get; init; } = GcOptionsFromEnvironment(new Runtime.Gc.GcOptions());

    /// <summary>VM_GC_NURSERY_KB, VM_GC_SURVIVOR_KB, VM_GC_PROMOTION_AGE, VM_GC_OLD_LIMIT_KB, VM_GC_ADAPTIVE_PROMOTION (0/1), VM_GC_GROWTH_PERCENT, VM_GC_INCREMENTAL (0/1), VM_GC_INCREMENTAL_FROM_KB, VM_GC_MARK_SLICE_KB override the defaults (tuning without rebuilding a host).</summary>
    public static Runtime.Gc.GcOptions GcOptionsFromEnvironment(Runtime.Gc.GcOptions defaults)
    {
        static long? Read(string name) => long.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : null;
        return defaults with
        {
            NurserySize = Read("VM_GC_NURSERY_KB") is { } n ? n << 10 : defaults.NurserySize,
            SurvivorSize = Read("VM_GC_SURVIVOR_KB") is { } s ? s << 10 : defaults.SurvivorSize,
            PromotionAge = Read("VM_GC_PROMOTION_AGE") is { } a ? (int)a : defaults.PromotionAge,
            InitialOldLimit = Read("VM_GC_OLD_LIMIT_KB") is { } o ? o << 10 : defaults.InitialOldLimit,
            AdaptivePromotion = Read("VM_GC_ADAPTIVE_PROMOTION") is { } ap ? ap != 0 : defaults.AdaptivePromotion,
            OldGrowthFactor = Read("VM_GC_GROWTH_PERCENT") is { } g ? g / 100.0 : defaults.OldGrowthFactor,
            IncrementalMarking = Read("VM_GC_INCREMENTAL") is { } im ? im != 0 : defaults.IncrementalMarking,
            IncrementalMarkingThreshold = Read("VM_GC_INCREMENTAL_FROM_KB") is { } it ? it << 10 : defaults.IncrementalMarkingThreshold,
            MarkSliceBytes = Read("VM_GC_MARK_SLICE_KB") is { } ms ? ms << 10 : defaults.MarkSliceBytes,
        };
    }
}

/// <summary>
/// The public façade: load a module, run its entry point, read statistics. HL code runs on a thread of
/// its own (with a large stack); exceptions never cross into C#: an uncaught one is reported on the
/// program's output like HashLink does, and gives exit code 1.
/// </summary>
public sealed unsafe class VirtualMachine : IDisposable
{
    private readonly VmRuntime _runtime;
    private readonly JitEngine _engine;
    private readonly VmOptions _options;
    private readonly Stream _output;

    private VirtualMachine(HlModule module, VmOptions options, string? modulePath = null)
    {
        _options = options;
        _output = options.StandardOutput ?? Console.OpenStandardOutput();
        _runtime = new VmRuntime(module, new RuntimeOptions { StandardOutput = _output, Arguments = options.Arguments, ModulePath = options.ModulePath ?? modulePath, GcStress = options.GcStress, Gc = options.Gc });
        _engine = new JitEngine(_runtime, new JitOptions { Mode = options.Mode, Pipeline = options.Pipeline, BackgroundCompilation = options.BackgroundCompilation });
        _runtime.Invoker = new HlInvoker(_engine, _runtime);
    }

    public static VirtualMachine Load(string path, VmOptions? options = null) => new(BytecodeReader.ReadFile(path), options ?? new VmOptions(), path);

    public static VirtualMachine Load(HlModule module, VmOptions? options = null) => new(module, options ?? new VmOptions());

    public HlModule Module => _runtime.Module;

    public JitStatistics Statistics => _engine.Statistics;

    /// <summary>Safepoints reached and references verified there (GC stress).</summary>
    public Runtime.Gc.SafepointStatistics SafepointStatistics => _runtime.SafepointStats;

    /// <summary>Collections, pauses and bytes moved by the garbage collector.</summary>
    public Runtime.Gc.GcStatistics GcStatistics => _runtime.Collector.Statistics;

    /// <summary>Runs a minor collection now (between frames: no HL code may be running on this thread).</summary>
    public void CollectNursery() => CollectOutsideHl(full: false);

    /// <summary>Runs a full collection now (between frames: no HL code may be running on this thread).</summary>
    public void CollectFull() => CollectOutsideHl(full: true);

    private void CollectOutsideHl(bool full)
    {
        // From a callback of HL code, the current thread is running HL code: CollectNow refuses.
        if (VmThread.CurrentOrNull is { } current && current.Runtime == _runtime)
        {
            _runtime.Collector.CollectNow(full);
            return;
        }
        using var vmThread = new VmThread(_runtime);
        using var scope = vmThread.Enter();
        _runtime.Collector.CollectNow(full);
    }

    /// <summary>The program's heap (sizes, allocation counters).</summary>
    public Runtime.Memory.Heap Heap => _runtime.Heap;

    /// <summary>
    /// Checks every heap block and every global reference (<see cref="Runtime.Memory.HeapVerifier"/>): call it
    /// between runs, not while HL code runs. Returns the problems found (none when the heap is sound) and counts of what was checked;
    /// <paramref name="hiddenReferences"/> also flags words the layouts do not report that hold a block's address.
    /// </summary>
    public Runtime.Memory.HeapReport VerifyHeap(bool hiddenReferences = false) => Runtime.Memory.HeapVerifier.Verify(_runtime, hiddenReferences);

    /// <summary>Runs the module initializer and main; returns the process exit code HashLink would give.</summary>
    public int Run()
    {
        var exitCode = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                exitCode = RunOnThisThread();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, _options.StackSize) { Name = "hl main" };
        thread.Start();
        thread.Join();
        _output.Flush();
        if (failure is not null)
            throw new InvalidOperationException("the VM failed: " + failure.Message, failure);
        return exitCode;
    }

    /// <summary>
    /// Calls one HL function on the calling thread with arguments as 8-byte slots (ints, float bits,
    /// pointers) and returns its result slot. A Haxe exception becomes <see cref="HlException"/>.
    /// Runs module constants initialization first if <see cref="Run"/> has not.
    /// </summary>
    public ulong Call(HlFunction function, params ulong[] args)
    {
        using var vmThread = new VmThread(_runtime);
        using var scope = vmThread.Enter();
        EnsureConstants();
        if (_runtime.RequireInvoker().Invoke(_runtime.Functions[function.FunctionIndex], function.Type, args, out var result))
            return result;
        vmThread.Context->PendingException = 0;
        using (vmThread.HoldCollections())
            throw new HlException(UncaughtException.Describe(_runtime, vmThread.Context->ExceptionValue));
    }

    private bool _constantsReady;

    private void EnsureConstants()
    {
        if (_constantsReady)
            return;
        _runtime.InitializeConstants();
        _constantsReady = true;
    }

    private int RunOnThisThread()
    {
        using var vmThread = new VmThread(_runtime);
        using var scope = vmThread.Enter();
        if (_runtime.Options.GcStress)
            vmThread.Context->SafepointRequested = 1;
        EnsureConstants();
        // Objects of loading and compiling (bytecode, IR builders) survive into the .NET heap's older
        // generations now, so the first .NET collection during the program is short (it otherwise shows as
        // a frame spike of a few milliseconds).
        GC.Collect();
        var entry = _runtime.Module.EntryPoint;
        var ok = _runtime.RequireInvoker().Invoke(_runtime.Functions[entry], _runtime.Module.GetCallee(entry).Type, [], out _);
        var ctx = vmThread.Context;
        if (ok)
            return 0;
        ctx->PendingException = 0;
        if (ctx->ExitRequested != 0)
            return ctx->ExitCode;
        // The report calls toString methods while holding the exception's address: nothing may move meanwhile.
        using (vmThread.HoldCollections())
            UncaughtException.Report(_runtime, vmThread, ctx->ExceptionValue);
        return 1;
    }

    public void Dispose()
    {
        _engine.Dispose();
        _runtime.Dispose();
    }
}

/// <summary>A Haxe exception that reached the host through <see cref="VirtualMachine.Call"/>.</summary>
public sealed class HlException(string message) : Exception(message);
