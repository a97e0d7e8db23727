using System.Runtime.CompilerServices;
using Vm.Runtime.Memory;
using Vm.Runtime.Types;

namespace Vm.Runtime.Gc;

/// <summary>Receives a root outside the heap: the address of the slot, what it may hold, and a name for reports.</summary>
public delegate void RootVisitor(nint slot, ReferenceSlot kind, string name);

/// <summary>
/// The roots outside the heap and outside JIT frames (those come from stack maps): the reference-kinded
/// globals, the fields of constant objects the loader put in permanent memory (HL code may store into
/// them, and permanent memory has no cards), the error-handler slots, each thread's exception value, and
/// slots the runtime registered (<see cref="RuntimeRoots"/>: host handles, natives' long-lived values).
/// </summary>
public static unsafe class RootSet
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForEach(VmRuntime runtime, RootVisitor visit)
    {
        var globals = runtime.Module.Globals;
        for (var i = 0; i < globals.Count; i++)
        {
            if (ReferenceMap.IsReference(globals[i].Kind))
                visit(runtime.GlobalAddress(i), ReferenceMap.SlotFor(globals[i].Kind), $"global#{i}");
        }
        foreach (var c in runtime.Module.Constants)
        {
            var obj = *(nint*)runtime.GlobalAddress(c.GlobalIndex);
            if (obj == 0 || !runtime.Permanent.Contains(obj) || !HeapVerifier.IsTypeDescriptor(runtime, *(nint*)obj))
                continue;
            var type = runtime.Types.FromNative(*(nint*)obj);
            if (type.Object is null)
                continue;
            foreach (var slot in ReferenceMap.Of(type, runtime.Types).Fields)
                visit(obj + slot.Offset, slot.Kind, $"constant global#{c.GlobalIndex} ({type}) +{slot.Offset}");
        }
        foreach (var slot in Dynamic.ErrorHandlers.RootSlots(runtime))
            visit(slot, ReferenceSlot.Exact, "error handler slot");
        runtime.Roots.ForEach(visit);
    }
}
