using System.Runtime.CompilerServices;
using Vm.Runtime.Memory;
using Vm.Runtime.Types;

namespace Vm.Runtime.Gc;

/// <summary>Receives a root outside the heap: the address of the slot, what it may hold, and what it is (for reports).</summary>
public delegate void RootVisitor(nint slot, ReferenceSlot kind, RootName name);

/// <summary>What a root is, made into text only when a report needs it (collections visit roots by the thousand).</summary>
public readonly record struct RootName(string What, int Global = -1, int Offset = -1, object? Type = null)
{
    public override string ToString() => Global < 0 ? What
        : Offset < 0 ? $"{What}#{Global}" : $"constant {What}#{Global} ({Type}) +{Offset}";
}

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
                visit(runtime.GlobalAddress(i), ReferenceMap.SlotFor(globals[i].Kind), new RootName("global", i));
        }
        foreach (var c in runtime.ConstantObjects)
            foreach (var slot in c.Fields)
                visit(c.Address + slot.Offset, slot.Kind, new RootName("global", c.Global, slot.Offset, c.Type));
        foreach (var slot in Dynamic.ErrorHandlers.RootSlots(runtime))
            visit(slot, ReferenceSlot.Exact, new RootName("error handler slot"));
        runtime.Roots.ForEach(visit);
    }
}
