using System.Text;
using Vm.Frontend.Model;
using Vm.Runtime.Memory;
using Vm.Runtime.Natives;
using Vm.Runtime.Types;
using Vm.Runtime.Values;
using Vm.Runtime.Threading;

namespace Vm.Runtime;

/// <summary>
/// The runtime state of one loaded module: heap, type descriptors, globals, constant strings,
/// bound natives and the program's standard streams. The JIT builds on it; natives reach it
/// through <see cref="Threading.VmThread.Current"/>.
/// </summary>
public sealed unsafe class VmRuntime : IDisposable
{
    private readonly nint[] _constantStrings;
    private readonly Lock _lock = new();

    public VmRuntime(HlModule module, RuntimeOptions? options = null)
    {
        Module = module;
        Options = options ?? new RuntimeOptions();
        Permanent = new PermanentMemory();
        Heap = new Heap(Options.Gc with { Stress = Options.Gc.Stress || Options.GcStress });
        Types = new TypeTable(module, Permanent);
        Globals = Permanent.Allocate(8L * Math.Max(1, module.Globals.Count));
        _constantStrings = new nint[module.Strings.Count];
        Strings = new HlStrings(this);
        FieldHashes = new FieldNameHashes();
        Natives = new NativeBinder(module, Options.Natives);
        Functions = new FunctionTable(this);
        Collector = new Gc.GarbageCollector(this);
        Gc.CollectorWarmup.Start();
    }

    private readonly List<VmThread> _threads = [];
    private bool _recordAllOldStores;

    /// <summary>Binds a new VM thread: its barrier records what this runtime's collector needs now.</summary>
    internal void AddThread(VmThread thread)
    {
        lock (_lock)
        {
            _threads.Add(thread);
            thread.RecordAllOldStores(_recordAllOldStores);
        }
    }

    internal void RemoveThread(VmThread thread)
    {
        lock (_lock)
            _threads.Remove(thread);
    }

    /// <summary>Makes the JIT barriers of every thread record every store into the old region (incremental marking), or only old-to-young ones.</summary>
    internal void RecordAllOldStores(bool all)
    {
        lock (_lock)
        {
            _recordAllOldStores = all;
            foreach (var thread in _threads)
                thread.RecordAllOldStores(all);
        }
    }

    /// <summary>The garbage collector (runs at safepoints of JIT code).</summary>
    public Gc.GarbageCollector Collector { get; }

    /// <summary>Entry points of all functions, method tables, static closures and bound fields.</summary>
    public FunctionTable Functions { get; }

    public HlModule Module { get; }
    public RuntimeOptions Options { get; }
    public Heap Heap { get; }
    public PermanentMemory Permanent { get; }
    public TypeTable Types { get; }
    public HlStrings Strings { get; }
    public FieldNameHashes FieldHashes { get; }
    public NativeBinder Natives { get; }

    /// <summary>Slots outside the heap the collector updates (thread exception values, host handles, natives' values).</summary>
    public Gc.RuntimeRoots Roots { get; } = new();

    /// <summary>Counters of safepoints reached and references seen.</summary>
    public Gc.SafepointStatistics SafepointStats { get; } = new();

    /// <summary>References live at each compiled safepoint (filled by the JIT from its stack maps).</summary>
    public Gc.SafepointTable Safepoints { get; } = new();

    /// <summary>Return addresses of compiled call sites (filled by the JIT from its stack maps).</summary>
    public Debugging.CallSites CallSites { get; } = new();

    /// <summary>Calls into compiled HL code; set by the JIT when it starts.</summary>
    public JitAbi.IHlInvoker? Invoker { get; set; }

    /// <summary>The invoker, or a clear error when no JIT is attached (natives that call back need one).</summary>
    public JitAbi.IHlInvoker RequireInvoker() =>
        Invoker ?? throw new InvalidOperationException("no JIT is attached to this runtime: HL code cannot be called back");

    /// <summary>Base address of the globals: global i is the 8-byte slot at Globals + 8 * i.</summary>
    public nint Globals { get; }

    public nint GlobalAddress(int index) => Globals + 8 * index;

    /// <summary>Where the program's standard output goes (Sys.print, trace).</summary>
    public Stream StandardOutput => Options.StandardOutput;

    /// <summary>The UTF-16, zero-terminated, permanent copy of a module string (what OString yields).</summary>
    public nint ConstantString(int index)
    {
        lock (_lock)
        {
            if (_constantStrings[index] == 0)
                _constantStrings[index] = Strings.PermanentUtf16(Module.Strings[index]);
            return _constantStrings[index];
        }
    }

    /// <summary>A new class instance with its bound fields set (HashLink's hl_alloc_obj).</summary>
    public nint NewObject(RuntimeType type)
    {
        var p = AllocateObject(type);
        if (type.Kind == TypeKind.Obj)
            Functions.InitializeBindings(type, p);
        return p;
    }

    private readonly Dictionary<int, nint> _constantBytes = [];

    /// <summary>
    /// The permanent copy of a bytes constant (OBytes): from the bytes pool in version 5 modules, else the
    /// string's UTF-8 bytes, zero-terminated.
    /// </summary>
    public nint ConstantBytes(int index)
    {
        lock (_lock)
        {
            if (_constantBytes.TryGetValue(index, out var p))
                return p;
            var bytes = Module.GetBytesConstant(index).Span;
            p = Permanent.Allocate(bytes.Length + 1);
            bytes.CopyTo(new Span<byte>((void*)p, bytes.Length));
            _constantBytes[index] = p;
            return p;
        }
    }

    /// <summary>
    /// Allocates a zeroed instance of a class, struct or virtual with its type pointer set; structs have no
    /// type word (as in HashLink): their type is only in the block header.
    /// </summary>
    public nint AllocateObject(RuntimeType type)
    {
        var (size, layout) = type.Kind switch
        {
            TypeKind.Obj or TypeKind.Struct => (type.Object!.Size, BlockLayout.Instance),
            TypeKind.Virtual => (type.Virtual!.Size, BlockLayout.Virtual),
            _ => throw new InvalidOperationException($"cannot allocate an instance of {type}"),
        };
        var p = Heap.Allocate(size, layout, type.Id);
        if (type.Kind != TypeKind.Struct)
            *(nint*)p = type.Native;
        if (type.Kind == TypeKind.Virtual)
        {
            // A fresh virtual owns its fields: each field pointer points into its own storage. These are
            // references from the block to itself, never an old-to-young edge: no write barrier needed.
            var fields = (nint*)(p + ValueLayout.VirtualFields);
            var offsets = type.Virtual!.DataOffsets;
            for (var i = 0; i < offsets.Count; i++)
                fields[i] = p + offsets[i];
        }
        return p;
    }

    private nint _boxedTrue, _boxedFalse;

    /// <summary>The shared boxes of true and false (HashLink boxes bools once).</summary>
    public nint BoxedBool(bool value)
    {
        lock (_lock)
        {
            ref var slot = ref value ? ref _boxedTrue : ref _boxedFalse;
            if (slot == 0)
            {
                slot = Permanent.Allocate(ValueLayout.DynamicSize);
                *(nint*)slot = Types.Builtin(TypeKind.Bool).Native;
                *(byte*)(slot + ValueLayout.DynamicValue) = (byte)(value ? 1 : 0);
            }
            return slot;
        }
    }

    /// <summary>Boxes a value in a vdynamic of the given type.</summary>
    public nint AllocateDynamic(RuntimeType type)
    {
        var p = Heap.Allocate(ValueLayout.DynamicSize, BlockLayout.Dynamic);
        *(nint*)p = type.Native;
        return p;
    }

    /// <summary>Initializes globals from the module's constants section, as HashLink does at load.</summary>
    public void InitializeConstants()
    {
        foreach (var c in Module.Constants)
        {
            var type = Types[Module.Globals[c.GlobalIndex]];
            if (type.Object is not { } layout)
                throw new InvalidOperationException($"constant global#{c.GlobalIndex} has type {type}, not a class");
            var obj = Permanent.Allocate(layout.Size);
            *(nint*)obj = type.Native;
            for (var i = 0; i < c.Fields.Count && i < layout.FieldTypes.Count; i++)
            {
                var idx = c.Fields[i];
                var at = obj + layout.FieldOffsets[i];
                switch (layout.FieldTypes[i].Kind)
                {
                    case TypeKind.I32: *(int*)at = Module.Ints[idx]; break;
                    case TypeKind.Bool: *(byte*)at = (byte)(idx != 0 ? 1 : 0); break;
                    case TypeKind.F64: *(double*)at = Module.Floats[idx]; break;
                    case TypeKind.Bytes: *(nint*)at = ConstantString(idx); break;
                    case TypeKind.Type: *(nint*)at = Types.ByIndex(idx).Native; break;
                    default: *(nint*)at = *(nint*)GlobalAddress(idx); break;
                }
            }
            *(nint*)GlobalAddress(c.GlobalIndex) = obj;
            _constantObjects.Add(new ConstantObject(c.GlobalIndex, obj, type, Memory.ReferenceMap.Of(type, Types).Fields));
        }
    }

    private readonly List<ConstantObject> _constantObjects = [];

    /// <summary>
    /// The module's constant objects, in permanent memory: roots of every collection (HL code may store heap
    /// references into their fields, and permanent memory has no cards), whatever their globals hold later.
    /// </summary>
    public IReadOnlyList<ConstantObject> ConstantObjects => _constantObjects;

    /// <summary>Writes text to the program's standard output as UTF-8.</summary>
    public void Write(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        StandardOutput.Write(bytes);
    }

    public void Dispose()
    {
        Heap.Dispose();
        Permanent.Dispose();
    }
}

/// <summary>A constant object the loader built in permanent memory for global <see cref="Global"/>, with its reference fields.</summary>
public sealed record ConstantObject(int Global, nint Address, RuntimeType Type, Memory.ReferenceSlotInfo[] Fields);
