using Vm.Frontend.Model;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime;

/// <summary>
/// Entry points of every function index (bytecode functions and natives alike, with the HL calling
/// convention), set by the JIT; and what depends on them: class method tables, static closures,
/// closures bound into new instances.
/// </summary>
public sealed unsafe class FunctionTable
{
    private readonly VmRuntime _runtime;
    private readonly nint[] _entries;
    private readonly nint[] _staticClosures;
    private readonly Dictionary<int, IReadOnlyList<ClassBinding>> _bindings = [];
    private readonly Dictionary<(int TypeId, int FieldIndex), nint> _boundStaticClosures = [];
    private readonly Dictionary<int, RuntimeType> _closureTypes = [];
    private readonly Lock _lock = new();

    internal FunctionTable(VmRuntime runtime)
    {
        _runtime = runtime;
        _entries = new nint[runtime.Module.FunctionIndexCount];
        _staticClosures = new nint[runtime.Module.FunctionIndexCount];
    }

    /// <summary>The entry point of a function index (HL convention: context first).</summary>
    public nint this[int functionIndex] => _entries[functionIndex];

    /// <summary>Sets every entry point and fills the class method tables from them.</summary>
    public void SetEntries(IReadOnlyList<nint> entries)
    {
        if (entries.Count != _entries.Length)
            throw new ArgumentException($"expected {_entries.Length} entries, got {entries.Count}", nameof(entries));
        for (var i = 0; i < _entries.Length; i++)
            _entries[i] = entries[i];
        foreach (var rt in _runtime.Types.All)
        {
            if (rt.Kind != TypeKind.Obj || rt.MethodCount == 0)
                continue;
            var slots = TypeTable.MethodSlots(rt.Source!);
            for (var s = 0; s < slots.Length; s++)
                rt.Methods[s] = slots[s] >= 0 ? _entries[slots[s]] : 0;
        }
    }

    /// <summary>The closure object for a function with no bound value; one per function, like HashLink's static closures.</summary>
    public nint StaticClosure(int functionIndex)
    {
        lock (_lock)
        {
            if (_staticClosures[functionIndex] != 0)
                return _staticClosures[functionIndex];
            var type = _runtime.Types[_runtime.Module.GetCallee(functionIndex).Type];
            var c = _runtime.Permanent.Allocate(ValueLayout.ClosureSize);
            *(nint*)c = type.Native;
            *(nint*)(c + ValueLayout.ClosureFunction) = _entries[functionIndex];
            _staticClosures[functionIndex] = c;
            return c;
        }
    }

    /// <summary>
    /// The type of a closure over <paramref name="functionIndex"/> that binds its first argument:
    /// the function type without that argument (created once per function).
    /// </summary>
    public RuntimeType BoundClosureType(int functionIndex)
    {
        lock (_lock)
        {
            if (!_closureTypes.TryGetValue(functionIndex, out var t))
            {
                t = _runtime.Types.CreateClosureType(_runtime.Module.GetCallee(functionIndex).Type);
                _closureTypes[functionIndex] = t;
            }
            return t;
        }
    }

    /// <summary>Stores the bound fields of a newly allocated class instance.</summary>
    public void InitializeBindings(RuntimeType type, nint instance)
    {
        var bindings = BindingsOf(type);
        if (bindings.Count == 0)
            return;
        var offsets = type.Object!.FieldOffsets;
        foreach (var b in bindings)
        {
            var slot = instance + offsets[b.FieldIndex];
            // Bound static closures are permanent; closures binding the instance are heap blocks.
            Gc.WriteBarrier.Store(slot, b.BindsInstance ? NewClosure(BoundClosureType(b.FunctionIndex), _entries[b.FunctionIndex], instance, hasValue: true) : BoundStatic(type, b));
        }
    }

    /// <summary>Allocates a closure on the heap; with <paramref name="hasValue"/>, calls pass <paramref name="boundValue"/> first.</summary>
    public nint NewClosure(RuntimeType type, nint function, nint boundValue, bool hasValue)
    {
        var c = _runtime.Heap.Allocate(ValueLayout.ClosureSize, Memory.BlockLayout.Closure);
        *(nint*)c = type.Native;
        *(nint*)(c + ValueLayout.ClosureFunction) = function;
        if (hasValue)
        {
            *(int*)(c + ValueLayout.ClosureHasValue) = 1;
            Gc.WriteBarrier.Store(c + ValueLayout.ClosureValue, boundValue);
        }
        return c;
    }

    private IReadOnlyList<ClassBinding> BindingsOf(RuntimeType type)
    {
        lock (_lock)
        {
            if (!_bindings.TryGetValue(type.Id, out var list))
            {
                list = ClassBindingResolver.Resolve(type.Source!, f => _runtime.Module.GetCallee(f).Type);
                _bindings[type.Id] = list;
            }
            return list;
        }
    }

    private nint BoundStatic(RuntimeType type, ClassBinding b)
    {
        lock (_lock)
        {
            if (!_boundStaticClosures.TryGetValue((type.Id, b.FieldIndex), out var c))
            {
                var ft = _runtime.Types[_runtime.Module.GetCallee(b.FunctionIndex).Type];
                c = _runtime.Permanent.Allocate(ValueLayout.ClosureSize);
                *(nint*)c = ft.Native;
                *(nint*)(c + ValueLayout.ClosureFunction) = _entries[b.FunctionIndex];
                _boundStaticClosures[(type.Id, b.FieldIndex)] = c;
            }
            return c;
        }
    }
}
