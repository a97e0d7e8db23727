using Vm.Frontend.Model;
using Vm.Runtime.Types;

namespace Vm.Runtime.Dynamic;

/// <summary>Allocation of class instances and structs (hl_alloc_obj), and ONew's dispatch on the type kind.</summary>
public static unsafe class Objects
{
    /// <summary>
    /// hl_alloc_obj: a zeroed instance whose function-bound fields hold their closures (the runtime's
    /// <see cref="VmRuntime.NewObject"/>, which JIT code uses too); structs have no bindings.
    /// </summary>
    public static nint AllocateObject(DynamicState s, RuntimeType t)
    {
        // Structs have no type word: the block header's type id tells the collector where their references are.
        return t.Kind == TypeKind.Obj ? s.Runtime.NewObject(t) : s.Runtime.AllocateObject(t);
    }

    /// <summary>What ONew allocates for a register of type <paramref name="t"/>: instance, dynamic object or virtual.</summary>
    public static nint Allocate(DynamicState s, RuntimeType t) => t.Kind switch
    {
        TypeKind.Obj or TypeKind.Struct => AllocateObject(s, t),
        TypeKind.DynObj => DynObjs.Allocate(s),
        TypeKind.Virtual => Virtuals.Allocate(s, t),
        _ => throw HlFailure.Error($"Can't allocate {HlTypeNames.Of(s, t)}"),
    };
}
