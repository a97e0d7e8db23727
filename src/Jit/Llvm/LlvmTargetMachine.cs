using System.Runtime.InteropServices;

namespace Vm.Jit.Llvm;

/// <summary>The host x86-64 target machine, used to run LLVM's optimization pipelines.</summary>
public sealed class LlvmTargetMachine : IDisposable
{
    private static readonly Lazy<bool> Initialized = new(() =>
    {
        LlvmLibrary.EnsureLoaded();
        LlvmTargetApi.InitializeX86TargetInfo();
        LlvmTargetApi.InitializeX86Target();
        LlvmTargetApi.InitializeX86TargetMC();
        LlvmTargetApi.InitializeX86AsmPrinter();
        return true;
    });

    private nint _tm;

    public LlvmTargetMachine()
    {
        InitializeNativeTarget();
        Triple = LlvmErrors.TakeMessage(LlvmTargetApi.GetDefaultTargetTriple());
        Cpu = LlvmErrors.TakeMessage(LlvmTargetApi.GetHostCPUName());
        Features = LlvmErrors.TakeMessage(LlvmTargetApi.GetHostCPUFeatures());
        if (LlvmTargetApi.GetTargetFromTriple(Triple, out var target, out var error) != 0)
            throw new LlvmException($"no LLVM target for {Triple}: {LlvmErrors.TakeMessage(error)}");
        // Optimization level 2, PIC relocation, JIT code model.
        _tm = LlvmTargetApi.CreateTargetMachine(target, Triple, Cpu, Features, 2, 2, 1);
        if (_tm == 0)
            throw new LlvmException($"could not create a target machine for {Triple} ({Cpu})");
    }

    public string Triple { get; }
    public string Cpu { get; }
    public string Features { get; }

    /// <summary>Loads LLVM and registers the x86-64 back end (once per process).</summary>
    public static void InitializeNativeTarget() => _ = Initialized.Value;

    /// <summary>Runs a new-pass-manager pipeline (e.g. "default&lt;O2&gt;") over a module.</summary>
    public void RunPasses(LlvmModule module, string pipeline)
    {
        var options = LlvmTargetApi.CreatePassBuilderOptions();
        try
        {
            LlvmErrors.Check(LlvmTargetApi.RunPasses(module.Handle, pipeline, _tm, options), $"running passes '{pipeline}'");
        }
        finally
        {
            LlvmTargetApi.DisposePassBuilderOptions(options);
        }
    }

    public void Dispose()
    {
        if (_tm != 0)
        {
            LlvmTargetApi.DisposeTargetMachine(_tm);
            _tm = 0;
        }
    }
}
