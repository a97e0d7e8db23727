using Vm.Frontend.Model;
using Vm.Runtime.Types;

namespace Vm.Runtime.Dynamic;

/// <summary>A named member of a class found by hash: a field (at an offset) or a method (by method index).</summary>
public sealed record ClassMember(string Name, RuntimeType Type, int Offset, int MethodIndex)
{
    public bool IsMethod => MethodIndex >= 0;
}

/// <summary>
/// What HashLink's hl_runtime_obj holds for a class or struct: the lookup table by field hash (own
/// fields and newly declared methods; inherited members are found through <see cref="Parent"/>), the
/// method table by method index, interface cache slots and the special methods the runtime calls
/// (__string, __compare, __cast, __get_field). Bindings are the runtime's (<see cref="VmRuntime.NewObject"/>).
/// </summary>
public sealed unsafe class ClassInfo
{
    private readonly Dictionary<int, ClassMember> _lookup = [];
    private readonly int[] _methodFunctions;
    private readonly int[] _methodSlots;

    internal ClassInfo(DynamicState s, RuntimeType type, ClassInfo? parent)
    {
        Type = type;
        Parent = parent;
        var o = type.Source!.Object!;
        Object = o;
        Layout = type.Object!;
        var start = parent?.FieldCount ?? 0;
        FieldCount = start + o.Fields.Count;

        var interfaces = new List<(HlType, int)>();
        for (var i = 0; i < o.Fields.Count; i++)
        {
            var f = o.Fields[i];
            var offset = Layout.FieldOffsets[start + i];
            if (f.Name.Length == 0)
                interfaces.Add((f.Type, offset));
            else
                _lookup[s.Hash(f.Name)] = new ClassMember(f.Name, s.Types[f.Type], offset, -1);
        }
        Interfaces = interfaces;

        var nproto = parent?.ProtoCount ?? 0;
        var nmethods = parent?.MethodCount ?? 0;
        var functions = new List<int>(parent?._methodFunctions ?? []);
        var slots = new List<int>(parent?._methodSlots ?? []);
        var ownCompare = false;
        for (var i = 0; i < o.Protos.Count; i++)
        {
            var p = o.Protos[i];
            var hash = s.Hash(p.Name);
            int index;
            if (parent is not null && p.Slot >= 0 && p.Slot < parent.ProtoCount)
            {
                // An override takes the method index of the member it overrides.
                index = parent.Resolve(hash) is { IsMethod: true } m ? m.MethodIndex : -1;
                if (index < 0)
                    continue;
            }
            else
            {
                index = parent is null ? i : nmethods++;
                if (parent is null)
                    nmethods = Math.Max(nmethods, i + 1);
                if (p.Slot >= nproto)
                    nproto = p.Slot + 1;
                var mt = s.Types[s.Module.GetCallee(p.FunctionIndex).Type];
                _lookup[hash] = new ClassMember(p.Name, mt, 0, index);
                if (p.Name == "__compare" && s.Fun(mt) is { NArgs: 2 } f && f.Args[1].Kind == TypeKind.Dyn && f.Ret.Kind == TypeKind.I32)
                    ownCompare = true;
            }
            while (functions.Count <= index)
            {
                functions.Add(-1);
                slots.Add(-1);
            }
            functions[index] = p.FunctionIndex;
            slots[index] = p.Slot;
        }
        ProtoCount = nproto;
        MethodCount = nmethods;
        _methodFunctions = functions.ToArray();
        _methodSlots = slots.ToArray();

        ToStringMethod = SpecialMethod(s, "__string");
        CompareMethod = ownCompare ? SpecialMethod(s, "__compare") : null;
        CastMethod = SpecialMethod(s, "__cast");
        GetFieldMethod = SpecialMethod(s, "__get_field") ?? parent?.GetFieldMethod;
    }

    public RuntimeType Type { get; }
    public ClassInfo? Parent { get; }
    public ObjectTypeInfo Object { get; }
    public ObjectLayout Layout { get; }
    public string Name => Object.Name;

    /// <summary>Fields of the whole hierarchy.</summary>
    public int FieldCount { get; }

    /// <summary>Virtual-table slots of the hierarchy (hl's nproto).</summary>
    public int ProtoCount { get; }

    /// <summary>Methods of the hierarchy, by method index (hl's nmethods).</summary>
    public int MethodCount { get; }

    /// <summary>This class's own interface cache fields (unnamed fields holding a virtual of that type).</summary>
    public IReadOnlyList<(HlType VirtualType, int Offset)> Interfaces { get; }

    public ClassMember? ToStringMethod { get; }
    public ClassMember? CompareMethod { get; }
    public ClassMember? CastMethod { get; }
    public ClassMember? GetFieldMethod { get; }

    /// <summary>obj_resolve_field: the member named by <paramref name="hash"/> in this class or an ancestor.</summary>
    public ClassMember? Resolve(int hash)
    {
        for (var c = this; c is not null; c = c.Parent)
            if (c._lookup.TryGetValue(hash, out var m))
                return m;
        return null;
    }

    /// <summary>The own lookup only (hl's rt->lookup of this class).</summary>
    public ClassMember? FindOwn(int hash) => _lookup.GetValueOrDefault(hash);

    /// <summary>The function index implementing method <paramref name="methodIndex"/> for instances of this class.</summary>
    public int MethodFunction(int methodIndex) => _methodFunctions[methodIndex];

    /// <summary>The code address of method <paramref name="methodIndex"/> (hl's rt->methods[i]).</summary>
    public nint MethodAddress(DynamicState s, int methodIndex)
    {
        var findex = _methodFunctions[methodIndex];
        if (s.Runtime.Invoker is IHlCodeAddresses)
            return s.FunctionAddress(findex);
        // Without the JIT's address table, virtual methods can still be read from the class's method table.
        var slot = _methodSlots[methodIndex];
        if (slot >= 0 && slot < Type.MethodCount && Type.Methods is not null && Type.Methods[slot] != 0)
            return Type.Methods[slot];
        return s.FunctionAddress(findex);
    }

    /// <summary>The signature HL code of the method implementation has (receiver first).</summary>
    public HlType MethodSignature(DynamicState s, int methodIndex) => s.Module.GetCallee(_methodFunctions[methodIndex]).Type;

    /// <summary>Names of the fields, this class's first then each ancestor's (hl_obj_fields order), unnamed fields skipped.</summary>
    public IEnumerable<string> FieldNamesDerivedFirst()
    {
        for (var c = this; c is not null; c = c.Parent)
            foreach (var f in c.Object.Fields)
                if (f.Name.Length > 0)
                    yield return f.Name;
    }

    private ClassMember? SpecialMethod(DynamicState s, string name) =>
        Resolve(s.Hash(name)) is { IsMethod: true } m ? m : null;
}
