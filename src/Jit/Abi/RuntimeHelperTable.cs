using System.Reflection;
using System.Runtime.InteropServices;
using Vm.Jit.Llvm;
using Vm.Runtime.JitAbi;

namespace Vm.Jit.Abi;

/// <summary>A runtime helper: its address, whether it may leave a pending exception, and its C# method.</summary>
public sealed record RuntimeHelper(string Name, nint Address, bool MayRaise, MethodInfo Method)
{
    /// <summary>See <see cref="JitHelperAttribute.CallbacksMayMoveObjects"/>.</summary>
    public bool CallbacksMayMoveObjects => Method.GetCustomAttribute<JitHelperAttribute>()?.CallbacksMayMoveObjects == true;
}

/// <summary>
/// Every [JitHelper] method of the runtime, by name. The LLVM declaration of each is derived from
/// its C# signature, so there is a single source of truth for the helper ABI.
/// </summary>
public sealed class RuntimeHelperTable
{
    private readonly Dictionary<string, RuntimeHelper> _helpers = [];

    public RuntimeHelperTable()
    {
        foreach (var type in typeof(JitHelperAttribute).Assembly.GetTypes())
        {
            foreach (var m in type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (m.GetCustomAttribute<JitHelperAttribute>() is not { } attr)
                    continue;
                if (m.GetCustomAttribute<UnmanagedCallersOnlyAttribute>() is null)
                    throw new InvalidOperationException($"JIT helper {attr.Name} ({type.Name}.{m.Name}) must be [UnmanagedCallersOnly]");
                if (!_helpers.TryAdd(attr.Name, new RuntimeHelper(attr.Name, m.MethodHandle.GetFunctionPointer(), attr.MayRaise, m)))
                    throw new InvalidOperationException($"JIT helper {attr.Name} is defined twice");
            }
        }
    }

    public IEnumerable<RuntimeHelper> All => _helpers.Values;

    public RuntimeHelper? Find(string name) => _helpers.GetValueOrDefault(name);

    /// <summary>
    /// The LLVM function type of a helper, from its C# signature: nint is an HL value (a collected
    /// reference, so a helper's result is a base the statepoint rewriting can track); a C# pointer type
    /// is a raw address such as a stack slot.
    /// </summary>
    public static LType LlvmType(LlvmContext c, MethodInfo m) =>
        c.Function(Map(c, m.ReturnType), m.GetParameters().Select(p => Map(c, p.ParameterType)).ToArray());

    private static LType Map(LlvmContext c, Type t)
    {
        if (t == typeof(void)) return c.Void;
        if (t == typeof(int) || t == typeof(uint)) return c.I32;
        if (t == typeof(long) || t == typeof(ulong)) return c.I64;
        if (t == typeof(double)) return c.F64;
        if (t == typeof(float)) return c.F32;
        if (t == typeof(byte) || t == typeof(sbyte)) return c.I8;
        if (t == typeof(ushort) || t == typeof(short) || t == typeof(char)) return c.I16;
        // nint carries HL values (collected references); C# pointer types are raw addresses (stack slots, frames).
        if (t == typeof(nint) || t == typeof(nuint)) return c.GcPtr;
        if (t.IsPointer) return c.Ptr;
        throw new InvalidOperationException($"JIT helpers cannot take or return {t.Name}");
    }
}
