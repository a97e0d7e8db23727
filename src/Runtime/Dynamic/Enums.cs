using Vm.Frontend.Model;
using Vm.Runtime.Gc;
using Vm.Runtime.Memory;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.Dynamic;

/// <summary>Enum values (venum {type, index, parameters}): allocation, reflection and structural equality.</summary>
public static unsafe class Enums
{
    public static ref int IndexOf(nint e) => ref *(int*)(e + ValueLayout.EnumIndex);

    /// <summary>hl_alloc_enum: a zeroed value of constructor <paramref name="index"/>.</summary>
    public static nint Allocate(DynamicState s, RuntimeType t, int index)
    {
        var constructs = t.Constructs ?? throw HlFailure.Error($"{HlTypeNames.Of(s, t)} is not an enum");
        if ((uint)index >= (uint)constructs.Count)
            throw HlFailure.Error($"invalid constructor {index} of {HlTypeNames.Of(s, t)}");
        var e = s.Runtime.Heap.Allocate(constructs[index].Size, BlockLayout.Enum, t.Id);
        *(nint*)e = t.Native;
        IndexOf(e) = index;
        return e;
    }

    private static HlEnumConstruct Construct(RuntimeType t, int index) => t.Source!.Enum!.Constructs[index];

    /// <summary>hl_alloc_enum_dyn (Type.createEnum): null when the arguments do not fit the constructor.</summary>
    public static nint AllocateDyn(DynamicState s, RuntimeType t, int index, nint args, int nargs)
    {
        var c = Construct(t, index);
        var layout = t.Constructs![index];
        if (c.Params.Count < nargs || HlArrays.Length(args) < nargs)
            return 0;
        // Missing trailing arguments are allowed when they can be null.
        for (var i = nargs; i < c.Params.Count; i++)
            if (!c.Params[i].Kind.IsPointer())
                return 0;
        var e = Allocate(s, t, index);
        var values = (nint*)HlArrays.Data(args);
        for (var i = 0; i < nargs; i++)
            Casts.WriteDyn(s, e + layout.Offsets[i], s.Types[c.Params[i]], values[i], false);
        return e;
    }

    /// <summary>hl_enum_parameters (Type.enumParameters): the parameters boxed in an array of dynamics.</summary>
    public static nint Parameters(DynamicState s, nint e)
    {
        var t = s.TypeOf(e);
        var index = IndexOf(e);
        var c = Construct(t, index);
        var layout = t.Constructs![index];
        var a = HlArrays.Allocate(s.Runtime, s.Dyn, c.Params.Count);
        for (var i = 0; i < c.Params.Count; i++)
        {
            var v = Casts.MakeDyn(s, e + layout.Offsets[i], s.Types[c.Params[i]]);
            WriteBarrier.Store(HlArrays.Data(a) + 8 * i, v);
        }
        return a;
    }

    /// <summary>hl_type_enum_eq (Type.enumEq): same constructor and equal parameters, enums compared recursively.</summary>
    public static bool Equal(DynamicState s, nint a, nint b)
    {
        if (a == b)
            return true;
        if (a == 0 || b == 0 || *(nint*)a != *(nint*)b)
            return false;
        if (IndexOf(a) != IndexOf(b))
            return false;
        var t = s.TypeOf(a);
        var c = Construct(t, IndexOf(a));
        var layout = t.Constructs![IndexOf(a)];
        for (var i = 0; i < c.Params.Count; i++)
        {
            var pt = s.Types[c.Params[i]];
            var offset = layout.Offsets[i];
            if (pt.Kind == TypeKind.Enum)
            {
                if (!Equal(s, *(nint*)(a + offset), *(nint*)(b + offset)))
                    return false;
                continue;
            }
            var pa = Casts.MakeDyn(s, a + offset, pt);
            var pb = Casts.MakeDyn(s, b + offset, pt);
            if (pa != 0 && pb != 0 && s.TypeOf(pa).Kind == TypeKind.Enum && s.TypeOf(pb).Kind == TypeKind.Enum)
            {
                if (!Equal(s, pa, pb))
                    return false;
                continue;
            }
            if (Comparison.DynCompare(s, pa, pb) != 0)
                return false;
        }
        return true;
    }

    /// <summary>hl_type_enum_fields: the constructor names.</summary>
    public static nint ConstructNames(DynamicState s, RuntimeType t)
    {
        var cs = t.Source!.Enum!.Constructs;
        var a = HlArrays.Allocate(s.Runtime, s.Bytes, cs.Count);
        for (var i = 0; i < cs.Count; i++)
            ((nint*)HlArrays.Data(a))[i] = s.NameBytes(cs[i].Name); // permanent memory: no barrier
        return a;
    }

    /// <summary>hl_type_enum_values: a new value for each constructor without parameters, null for the others.</summary>
    public static nint Values(DynamicState s, RuntimeType t)
    {
        var cs = t.Source!.Enum!.Constructs;
        var a = HlArrays.Allocate(s.Runtime, s.Dyn, cs.Count);
        for (var i = 0; i < cs.Count; i++)
        {
            if (cs[i].Params.Count == 0)
            {
                var e = Allocate(s, t, i);
                WriteBarrier.Store(HlArrays.Data(a) + 8 * i, e);
            }
        }
        return a;
    }
}
