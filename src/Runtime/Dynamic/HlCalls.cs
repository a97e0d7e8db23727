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

    /// <summary>
    /// Calls <paramref name="function"/>. With <paramref name="objectsMayMove"/>, collections during the call
    /// may move objects: only for a caller (and every C# caller above it, up to the native JIT code called)
    /// that uses nothing but the result afterwards, the native having been called through a callback shim.
    /// </summary>
    public static ulong Invoke(DynamicState s, nint function, HlType signature, ReadOnlySpan<ulong> args, bool objectsMayMove = false)
    {
        var invoker = Invoker(s);
        using var moves = new MovableCallback(objectsMayMove);
        if (!invoker.Invoke(function, signature, args, out var result))
            throw new HlPendingException();
        return result;
    }

    /// <summary>Calls a closure whose full type is unknown (see <see cref="IHlInvoker.InvokeClosure"/>).</summary>
    public static ulong InvokeClosure(DynamicState s, nint closure, ReadOnlySpan<ulong> args, bool objectsMayMove = false)
    {
        var invoker = Invoker(s);
        using var moves = new MovableCallback(objectsMayMove);
        if (!invoker.InvokeClosure(closure, args, out var result))
            throw new HlPendingException();
        return result;
    }

    // Tells the entry trampoline of the next callback that objects may move during it (it consumes the flag).
    private readonly ref struct MovableCallback
    {
        private readonly Threading.ThreadContextData* _ctx;

        public MovableCallback(bool objectsMayMove)
        {
            if (!objectsMayMove)
                return;
            _ctx = Threading.VmThread.Current.Context;
            _ctx->CallbackMayMove = 1;
        }

        public void Dispose()
        {
            if (_ctx != null)
                _ctx->CallbackMayMove = 0;
        }
    }

    /// <summary>Calls method <paramref name="m"/> of class <paramref name="c"/> (receiver first in <paramref name="args"/>).</summary>
    public static ulong CallMethod(DynamicState s, ClassInfo c, ClassMember m, ReadOnlySpan<ulong> args, bool objectsMayMove = false) =>
        Invoke(s, c.MethodAddress(s, m.MethodIndex), c.MethodSignature(s, m.MethodIndex), args, objectsMayMove);

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
