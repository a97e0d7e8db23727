using System.Runtime.InteropServices;

namespace Vm.Jit.Llvm;

/// <summary>Bindings to llvm-c/Core.h (only what is used).</summary>
internal static partial class LlvmCore
{
    [LibraryImport(LlvmLibrary.Name, EntryPoint = "LLVMGetVersion")]
    internal static partial void GetVersion(out uint major, out uint minor, out uint patch);
}
