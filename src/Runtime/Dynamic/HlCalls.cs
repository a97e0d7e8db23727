using Vm.Frontend.Model;
using Vm.Runtime.JitAbi;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// Calls from the runtime into compiled HL code through <see cref="IHlInvoker"/>, with values as 8-byte
/// slots (ints and pointers as themselves, floats as their bits, each at the start of its slot so a slot's
/// address is also the address of its value). A callee that throws leaves its exception pending and the
/// call raises <see cref="HlPendingException"/> so the runtime operation stops there.
/// </summary>
public static unsafe class HlCalls
{
    public static IHlInvoker Invoker(DynamicState s) =>
        s.Runtime.Invoker ?? throw HlFailure.Error("no JIT is attached to this runtime: HL code cannot be called back");

    public static ulong Invoke(DynamicState s, nint function, HlType signature, ReadOnlySpan<ulong> args)
    {
        if (!Invoker(s).Invoke(function, signature, args, out var result))
            throw new HlPendingException();
        return result;
    }

    /// <summary>Calls method <paramref name="m"/> of class <paramref name="c"/> (receiver first in <paramref name="args"/>).</summary>
    public static ulong CallMethod(DynamicState s, ClassInfo c, ClassMember m, ReadOnlySpan<ulong> args) =>
        Invoke(s, c.MethodAddress(s, m.MethodIndex), c.MethodSignature(s, m.MethodIndex), args);

    /// <summary>The slot holding the value of kind <paramref name="kind"/> stored at <paramref name="data"/>.</summary>
    public static ulong ReadSlot(nint data, TypeKind kind) => kind switch
    {
        TypeKind.Void => 0,
        TypeKind.UI8 or TypeKind.Bool => *(byte*)data,
        TypeKind.UI16 => *(ushort*)data,
        TypeKind.I32 => (ulong)(long)*(int*)data,
        TypeKind.F32 => *(uint*)data,
        TypeKind.I64 or TypeKind.F64 or TypeKind.Guid => *(ulong*)data,
        _ => (ulong)*(nint*)data,
    };

    public static ulong IntSlot(int value) => (ulong)(long)value;

    public static ulong FloatSlot(float value) => BitConverter.SingleToUInt32Bits(value);

    public static ulong DoubleSlot(double value) => BitConverter.DoubleToUInt64Bits(value);
}
