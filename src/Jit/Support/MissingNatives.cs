using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Runtime;

namespace Vm.Jit.Support;

/// <summary>
/// Stands in for natives the runtime does not implement: each raises "native not supported: lib.name"
/// when called (as a pending exception the call site raises), so a program runs until it needs one.
/// </summary>
internal static class MissingNatives
{
    public static LlvmModule Build(OrcJit jit, RuntimeHelperTable helpers, VmRuntime runtime)
    {
        var m = jit.CreateModule("vm.missing-natives");
        var c = m.Context;
        var helper = helpers.Find("rt_missing_native") ?? throw new InvalidOperationException("runtime helper rt_missing_native is missing");
        var report = m.Function(helper.Name, RuntimeHelperTable.LlvmType(c, helper.Method));
        using var b = new IrBuilder(c);
        foreach (var bound in runtime.Natives.All)
        {
            if (!bound.IsMissing)
                continue;
            // The caller's signature does not matter at machine level: the call site checks the
            // pending exception before using any result.
            var fn = m.Function(Symbols.Native(bound.Native.Index), c.Function(c.Void, []));
            b.PositionAtEnd(m.AppendBlock(fn, "entry"));
            b.Call(report, [c.ConstInt(c.I32, bound.Native.Index)]);
            b.RetVoid();
        }
        return m;
    }
}
