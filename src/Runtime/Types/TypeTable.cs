using Vm.Frontend.Model;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Types;

/// <summary>
/// The runtime types of one module: one per bytecode type, plus built-in types for values natives
/// create (boxed ints, floats, bools, bytes...). Descriptors live in permanent memory.
/// </summary>
public sealed unsafe class TypeTable
{
    private readonly List<RuntimeType> _all = [];
    private readonly RuntimeType[] _byModuleIndex;
    private readonly RuntimeType?[] _builtins = new RuntimeType?[256]; // by kind: natives ask for these at every boxing or array allocation
    private readonly PermanentMemory _memory;

    public TypeTable(HlModule module, PermanentMemory memory)
    {
        _memory = memory;
        _byModuleIndex = new RuntimeType[module.Types.Count];
        foreach (var t in module.Types)
            _byModuleIndex[t.Index] = Add(t.Kind, t);
        foreach (var kind in new[] { TypeKind.Void, TypeKind.UI8, TypeKind.UI16, TypeKind.I32, TypeKind.I64, TypeKind.F32, TypeKind.F64,
                     TypeKind.Bool, TypeKind.Bytes, TypeKind.Dyn, TypeKind.Array, TypeKind.Type, TypeKind.DynObj, TypeKind.Abstract })
            _builtins[(byte)kind] = Add(kind, null);

        foreach (var rt in _byModuleIndex)
        {
            var t = rt.Source!;
            if (t.Object is not null)
                LayoutOf(rt);
            else if (t.Enum is { } e)
                rt.Constructs = e.Constructs.Select(LayoutBuilder.ForConstruct).ToArray();
            else if (t.Kind == TypeKind.Virtual)
                rt.Virtual = LayoutBuilder.ForVirtual(t);
        }
        foreach (var rt in _byModuleIndex)
            if (rt.Kind == TypeKind.Obj)
                AllocateMethodTable(rt);
    }

    /// <summary>All types: the module's first (by type index), then the built-ins.</summary>
    public IReadOnlyList<RuntimeType> All => _all;

    /// <summary>Reference maps by type id, filled on first use (the collector's scans index it).</summary>
    internal Memory.ReferenceMap?[] ReferenceMaps => _referenceMaps ??= new Memory.ReferenceMap?[_all.Count];

    private Memory.ReferenceMap?[]? _referenceMaps;

    /// <summary>The runtime type of a bytecode type.</summary>
    public RuntimeType this[HlType type] => _byModuleIndex[type.Index];

    public RuntimeType ByIndex(int moduleTypeIndex) => _byModuleIndex[moduleTypeIndex];

    /// <summary>A built-in type of a simple kind (what natives use for values they box).</summary>
    public RuntimeType Builtin(TypeKind kind) => _builtins[(byte)kind] ?? throw new KeyNotFoundException($"no built-in type of kind {kind}");

    /// <summary>The runtime type of a descriptor pointer read from a value.</summary>
    public RuntimeType FromNative(nint descriptor)
    {
        var id = ((NativeTypeDescriptor*)descriptor)->Id;
        return _all[id];
    }

    /// <summary>Finds a class by name (e.g. "String"); null when the module has none.</summary>
    public RuntimeType? FindClass(string name) =>
        _byModuleIndex.FirstOrDefault(t => t.Kind == TypeKind.Obj && t.Source!.Object!.Name == name);

    /// <summary>
    /// A function type for closures that bind the first argument of <paramref name="functionType"/>:
    /// <see cref="RuntimeType.ClosureOf"/> is the full type, and the closure's own arguments are the rest.
    /// </summary>
    public RuntimeType CreateClosureType(HlType functionType)
    {
        lock (_all)
        {
            var rt = Add(TypeKind.Fun, null);
            rt.ClosureOf = functionType;
            return rt;
        }
    }

    /// <summary>
    /// Registers a type the runtime makes at run time (e.g. the type of variable-argument closures).
    /// </summary>
    internal RuntimeType AddDerived(TypeKind kind, HlType? source)
    {
        lock (_all)
            return Add(kind, source);
    }

    private RuntimeType Add(TypeKind kind, HlType? source)
    {
        var native = (NativeTypeDescriptor*)_memory.Allocate(sizeof(NativeTypeDescriptor));
        native->Kind = (int)kind;
        native->Id = _all.Count;
        var rt = new RuntimeType(_all.Count, kind, source, (nint)native);
        _all.Add(rt);
        return rt;
    }

    private ObjectLayout LayoutOf(RuntimeType rt) =>
        rt.Object ??= LayoutBuilder.ForObject(rt.Source!, t => LayoutOf(this[t]));

    // Slots come from the whole class chain: a subclass's table extends its parent's.
    private void AllocateMethodTable(RuntimeType rt)
    {
        var count = 0;
        for (var t = rt.Source; t is not null; t = t.Object!.Super)
            foreach (var p in t.Object!.Protos)
                count = Math.Max(count, p.Slot + 1);
        rt.MethodCount = count;
        ((NativeTypeDescriptor*)rt.Native)->Methods = count == 0 ? 0 : _memory.Allocate(8L * count);
    }

    /// <summary>
    /// The function index each method slot of a class dispatches to: the most derived prototype
    /// with that slot, or -1 for a slot no class in the chain fills.
    /// </summary>
    public static int[] MethodSlots(HlType classType)
    {
        var chain = new List<HlType>();
        for (var t = classType; t is not null; t = t.Object!.Super)
            chain.Add(t);
        var slots = new List<int>();
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            foreach (var p in chain[i].Object!.Protos)
            {
                if (p.Slot < 0)
                    continue;
                while (slots.Count <= p.Slot)
                    slots.Add(-1);
                slots[p.Slot] = p.FunctionIndex;
            }
        }
        return slots.ToArray();
    }
}
