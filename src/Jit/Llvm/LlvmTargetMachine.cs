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
        // Optimization level 2, static relocation and the JIT code model: what ORC's own compiler uses, so
        // objects generated here link the same way (PIC would reach the personality through a DW.ref
        // indirection the JIT linker does not define).
        _tm = LlvmTargetApi.CreateTargetMachine(target, Triple, Cpu, Features, 2, 1, 1);
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

    /// <summary>Generates the module's machine code as an ELF object (an LLVMMemoryBufferRef the caller owns).</summary>
    public nint EmitObject(LlvmModule module)
    {
        if (LlvmTargetApi.TargetMachineEmitToMemoryBuffer(_tm, module.Handle, 1, out var error, out var buffer) != 0)
            throw new LlvmException($"code generation failed: {LlvmErrors.TakeMessage(error)}");
        return buffer;
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
