using Vm.Frontend.Model;
using Vm.Jit.Engine;
using Vm.Runtime;

namespace Vm.Jit;

/// <summary>The LLVM IR of one HL function, as lowered and after the optimization pipeline (`vm ir`).</summary>
public static class IrDump
{
    public static (string Lowered, string Optimized) Of(VmRuntime runtime, HlFunction function, string pipeline = "default<O2>") =>
        JitEngine.DumpIr(runtime, function, new JitOptions { Pipeline = pipeline });
}
