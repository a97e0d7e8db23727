using System.Runtime.InteropServices;

namespace Vm.Jit.Llvm;

/// <summary>Bindings to llvm-c/Target.h, TargetMachine.h, Transforms/PassBuilder.h and Error.h.</summary>
internal static unsafe partial class LlvmTargetApi
{
    private const string L = LlvmLibrary.Name;

    [LibraryImport(L, EntryPoint = "LLVMInitializeX86TargetInfo")] internal static partial void InitializeX86TargetInfo();
    [LibraryImport(L, EntryPoint = "LLVMInitializeX86Target")] internal static partial void InitializeX86Target();
    [LibraryImport(L, EntryPoint = "LLVMInitializeX86TargetMC")] internal static partial void InitializeX86TargetMC();
    [LibraryImport(L, EntryPoint = "LLVMInitializeX86AsmPrinter")] internal static partial void InitializeX86AsmPrinter();

    [LibraryImport(L, EntryPoint = "LLVMGetDefaultTargetTriple")] internal static partial nint GetDefaultTargetTriple();
    [LibraryImport(L, EntryPoint = "LLVMGetHostCPUName")] internal static partial nint GetHostCPUName();
    [LibraryImport(L, EntryPoint = "LLVMGetHostCPUFeatures")] internal static partial nint GetHostCPUFeatures();
    [LibraryImport(L, EntryPoint = "LLVMGetTargetFromTriple", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int GetTargetFromTriple(string triple, out nint target, out nint errorMessage);
    [LibraryImport(L, EntryPoint = "LLVMCreateTargetMachine", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint CreateTargetMachine(nint target, string triple, string cpu, string features, int level, int reloc, int codeModel);
    [LibraryImport(L, EntryPoint = "LLVMDisposeTargetMachine")] internal static partial void DisposeTargetMachine(nint tm);
    [LibraryImport(L, EntryPoint = "LLVMTargetMachineEmitToMemoryBuffer")]
    internal static partial int TargetMachineEmitToMemoryBuffer(nint tm, nint module, int fileType, out nint errorMessage, out nint buffer);

    [LibraryImport(L, EntryPoint = "LLVMCreatePassBuilderOptions")] internal static partial nint CreatePassBuilderOptions();
    [LibraryImport(L, EntryPoint = "LLVMDisposePassBuilderOptions")] internal static partial void DisposePassBuilderOptions(nint options);
    [LibraryImport(L, EntryPoint = "LLVMRunPasses", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint RunPasses(nint module, string passes, nint tm, nint options);

    [LibraryImport(L, EntryPoint = "LLVMGetErrorMessage")] internal static partial nint GetErrorMessage(nint error);
    [LibraryImport(L, EntryPoint = "LLVMDisposeErrorMessage")] internal static partial void DisposeErrorMessage(nint message);
}
