using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Vm.Frontend.Model;
using Vm.Runtime.Threading;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// Per-runtime data of the dynamic object model: what HashLink keeps in its type structures at run time
/// (field lookup tables of classes and virtuals, closure types, method tables by method index) plus the
/// values it keeps static (small boxed ints, true/false, the empty dynamic array). Everything here is
/// managed data about types or addresses in permanent memory; no pointer to a heap value is kept.
/// </summary>
public sealed unsafe class DynamicState
{
    private static readonly ConditionalWeakTable<VmRuntime, DynamicState> States = new();

    [ThreadStatic]
    private static VmRuntime? _lastRuntime;

    [ThreadStatic]
    private static DynamicState? _lastState;

    private readonly FunInfo?[] _funs;
    private readonly ConcurrentDictionary<int, FunInfo?> _laterFuns = new();
    private readonly ConcurrentDictionary<int, RuntimeType> _closureTypes = new();
    private readonly VirtualInfo?[] _virtuals;
    private readonly ClassInfo?[] _classes;
    private readonly ConcurrentDictionary<string, nint> _names = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private FunctionMap? _functionsByAddress;
    private readonly nint _smallInts;

    private DynamicState(VmRuntime runtime)
    {
        Runtime = runtime;
        Types = runtime.Types;
        Module = runtime.Module;
        Dyn = Types.Builtin(TypeKind.Dyn);
        I32 = Types.Builtin(TypeKind.I32);
        I64 = Types.Builtin(TypeKind.I64);
        F32 = Types.Builtin(TypeKind.F32);
        F64 = Types.Builtin(TypeKind.F64);
        Bool = Types.Builtin(TypeKind.Bool);
        Bytes = Types.Builtin(TypeKind.Bytes);
        Void = Types.Builtin(TypeKind.Void);
        ArrayType = Types.Builtin(TypeKind.Array);
        DynObjType = Types.Builtin(TypeKind.DynObj);

        RegisterFieldNames();

        VarArgsType = Types.AddDerived(TypeKind.Fun, null);

        var count = Types.All.Count;
        _funs = new FunInfo?[count];
        _virtuals = new VirtualInfo?[count];
        _classes = new ClassInfo?[count];
        foreach (var t in Types.All)
            _funs[t.Id] = MakeFun(t);
        _funs[VarArgsType.Id] = new FunInfo(VarArgsType, [], Void, VarArgsType, null) { IsVarArgs = true };

        var perm = runtime.Permanent;
        _smallInts = perm.Allocate(256L * ValueLayout.DynamicSize);
        for (var i = -128; i < 128; i++)
        {
            var box = _smallInts + (i & 0xFF) * ValueLayout.DynamicSize;
            *(nint*)box = I32.Native;
            *(int*)(box + ValueLayout.DynamicValue) = i;
        }
        True = runtime.BoxedBool(true);
        False = runtime.BoxedBool(false);
        EmptyDynArray = perm.Allocate(ValueLayout.ArrayData);
        *(nint*)EmptyDynArray = ArrayType.Native;
        *(nint*)(EmptyDynArray + ValueLayout.ArrayElementType) = Dyn.Native;
        NullText = runtime.Strings.PermanentUtf16("null");
        TrueText = runtime.Strings.PermanentUtf16("true");
        FalseText = runtime.Strings.PermanentUtf16("false");
    }

    /// <summary>
    /// The state of a runtime, created on first use (it adds the variable-arguments closure type to the
    /// runtime's type table).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DynamicState Of(VmRuntime runtime)
    {
        if (ReferenceEquals(_lastRuntime, runtime))
            return _lastState!;
        DynamicState? state;
        // Created under a lock: creation registers derived types, which must happen once per runtime.
        lock (States)
        {
            if (!States.TryGetValue(runtime, out state))
            {
                state = new DynamicState(runtime);
                States.Add(runtime, state);
            }
        }
        _lastRuntime = runtime;
        _lastState = state;
        return state;
    }

    /// <summary>The state of the runtime the calling thread runs.</summary>
    public static DynamicState Current
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => Of(VmThread.Current.Runtime);
    }

    public VmRuntime Runtime { get; }
    public TypeTable Types { get; }
    public HlModule Module { get; }

    public RuntimeType Dyn { get; }
    public RuntimeType I32 { get; }
    public RuntimeType I64 { get; }
    public RuntimeType F32 { get; }
    public RuntimeType F64 { get; }
    public RuntimeType Bool { get; }
    public RuntimeType Bytes { get; }
    public RuntimeType Void { get; }
    public RuntimeType ArrayType { get; }
    public RuntimeType DynObjType { get; }

    /// <summary>The type of closures made by make_var_args (HashLink's hlt_var_args: a function type with -1 arguments).</summary>
    public RuntimeType VarArgsType { get; }

    /// <summary>The permanent boxes true and false (hl_alloc_dynbool), shared with the runtime's.</summary>
    public nint True { get; }
    public nint False { get; }

    /// <summary>The permanent empty array of dynamics hl_alloc_array returns for size 0.</summary>
    public nint EmptyDynArray { get; }

    /// <summary>Permanent UTF-16 "null", "true" and "false".</summary>
    public nint NullText { get; }
    public nint TrueText { get; }
    public nint FalseText { get; }

    /// <summary>The runtime type of a value (its first word).</summary>
    public RuntimeType TypeOf(nint value) => Types.FromNative(*(nint*)value);

    public RuntimeType FromNative(nint descriptor) => Types.FromNative(descriptor);

    /// <summary>The boxed i32 for <paramref name="value"/>: a permanent box for -128..127, as hl_dyni32.</summary>
    public nint BoxI32(int value)
    {
        if ((sbyte)value == value)
            return _smallInts + (value & 0xFF) * ValueLayout.DynamicSize;
        var d = Runtime.AllocateDynamic(I32);
        *(int*)(d + ValueLayout.DynamicValue) = value;
        return d;
    }

    public nint BoxBool(bool value) => value ? True : False;

    /// <summary>Function signature of a function, method or closure type; null for other kinds.</summary>
    public FunInfo? Fun(RuntimeType t) =>
        (uint)t.Id < (uint)_funs.Length ? _funs[t.Id] : _laterFuns.GetOrAdd(t.Id, _ => MakeFun(t));

    public FunInfo RequireFun(RuntimeType t) => Fun(t) ?? throw HlFailure.Error($"{HlTypeNames.Of(this, t)} is not a function type");

    private FunInfo? MakeFun(RuntimeType t)
    {
        if (t.Kind is not (TypeKind.Fun or TypeKind.Method))
            return null;
        if (t.ClosureOf is { } full)
        {
            // A closure type made at run time (by the JIT's function table or by ClosureTypeOf).
            var parent = Types[full];
            var args = full.Function!.Args;
            return new FunInfo(t, args.Skip(1).Select(a => Types[a]).ToArray(), Types[full.Function.Return], parent, null);
        }
        if (t.Source is { Function: { } sig })
            return new FunInfo(t, sig.Args.Select(a => Types[a]).ToArray(), Types[sig.Return], null, t.Source);
        return null;
    }

    /// <summary>HashLink's hl_get_closure_type: the type of closures binding the first argument of <paramref name="full"/>.</summary>
    public RuntimeType ClosureTypeOf(RuntimeType full)
    {
        if (_closureTypes.TryGetValue(full.Id, out var c))
            return c;
        if (Fun(full) is { IsVarArgs: true })
            return full;
        if (full.Source is not { Function.Args.Count: > 0 } source)
            throw HlFailure.Error($"no closure type for {HlTypeNames.Of(this, full)}");
        lock (_lock)
        {
            if (!_closureTypes.TryGetValue(full.Id, out c))
            {
                c = Types.CreateClosureType(source);
                _closureTypes[full.Id] = c;
            }
            return c;
        }
    }

    /// <summary>
    /// The full function type of a closure with a bound value: its type's parent, or, for closures the JIT
    /// typed with their register's type, the type of the function it calls. Null when unknown.
    /// </summary>
    public RuntimeType? ClosureParent(nint closure)
    {
        if (Fun(TypeOf(closure)) is { Parent: { } parent })
            return parent;
        var fun = *(nint*)(closure + ValueLayout.ClosureFunction);
        return FunctionIndexAt(fun) is { } findex ? Types[Module.GetCallee(findex).Type] : null;
    }

    /// <summary>The function index whose entry point is <paramref name="address"/>, or null.</summary>
    public int? FunctionIndexAt(nint address)
    {
        if (address == 0)
            return null;
        var known = Volatile.Read(ref _functionsByAddress);
        if (known is not null && known.Map.TryGetValue(address, out var index))
            return index;
        // Entry points are set by the JIT: the map is (re)built while some are still missing.
        if (known is null || !known.Complete)
        {
            var map = new Dictionary<nint, int>();
            var functions = Runtime.Functions;
            var set = 0;
            for (var i = 0; i < Module.FunctionIndexCount; i++)
            {
                if (functions[i] == 0)
                    continue;
                set++;
                map.TryAdd(functions[i], i);
            }
            Volatile.Write(ref _functionsByAddress, new FunctionMap(map, set == Module.FunctionIndexCount));
            if (map.TryGetValue(address, out index))
                return index;
        }
        return null;
    }

    /// <summary>The parameter of a ref, null or packed type.</summary>
    public RuntimeType Param(RuntimeType t) => Types[t.Source!.Param!];

    public VirtualInfo Virtual(RuntimeType t)
    {
        var v = Volatile.Read(ref _virtuals[t.Id]);
        if (v is null)
        {
            v = new VirtualInfo(this, t);
            Volatile.Write(ref _virtuals[t.Id], v);
        }
        return v;
    }

    /// <summary>Class data of a class or struct type (hl_get_obj_proto).</summary>
    public ClassInfo Class(RuntimeType t)
    {
        var c = Volatile.Read(ref _classes[t.Id]);
        if (c is null)
        {
            lock (_classes)
            {
                c = _classes[t.Id];
                if (c is null)
                {
                    var super = t.Source!.Object!.Super is { } s ? Class(Types[s]) : null;
                    c = new ClassInfo(this, t, super);
                    Volatile.Write(ref _classes[t.Id], c);
                }
            }
        }
        return c;
    }

    /// <summary>The hash of a field name (registered with the runtime's table, as the JIT's).</summary>
    public int Hash(string name) => Runtime.FieldHashes.Hash(name);

    /// <summary>hl_field_name: the name of a hash, "???" when unknown.</summary>
    public string FieldName(int hash) => Runtime.FieldHashes.NameOf(hash) ?? "???";

    /// <summary>A permanent zero-terminated UTF-16 copy of a name (what hl hands out for field and type names).</summary>
    public nint NameBytes(string name) => _names.GetOrAdd(name, n => Runtime.Strings.PermanentUtf16(n));

    /// <summary>The entry point of HL function <paramref name="functionIndex"/>, set by the JIT.</summary>
    public nint FunctionAddress(int functionIndex)
    {
        var a = Runtime.Functions[functionIndex];
        if (a == 0 && Runtime.Invoker is IHlCodeAddresses code)
            a = code.FunctionAddress(functionIndex);
        if (a != 0)
            return a;
        throw HlFailure.Error($"no code address for function {Module.CalleeName(functionIndex)} (no JIT attached)");
    }

    /// <summary>HashLink's get_wrapper: the JIT stub calling a wrapper closure of type <paramref name="funType"/>, or 0.</summary>
    public nint WrapperEntry(RuntimeType funType) =>
        Runtime.Invoker is IHlCodeAddresses code ? code.FunWrapperEntry(funType) : 0;

    private sealed record FunctionMap(Dictionary<nint, int> Map, bool Complete);

    // HashLink hashes every field and method name of the module's types when it loads them, in type order;
    // doing the same here keeps collision resolution in that order.
    private void RegisterFieldNames()
    {
        var hashes = Runtime.FieldHashes;
        foreach (var t in Module.Types)
        {
            if (t.Object is { } o)
            {
                foreach (var f in o.Fields)
                    hashes.Hash(f.Name);
                foreach (var p in o.Protos)
                    hashes.Hash(p.Name);
            }
            else if (t.VirtualFields is { } vf)
            {
                foreach (var f in vf)
                    hashes.Hash(f.Name);
            }
        }
    }
}

/// <summary>
/// A function type as the runtime calls it: arguments, return, and for closure types the full type
/// (<see cref="Parent"/>) whose first argument is the bound value.
/// </summary>
public sealed record FunInfo(RuntimeType Type, RuntimeType[] Args, RuntimeType Ret, RuntimeType? Parent, HlType? Signature)
{
    /// <summary>Arguments count, -1 for the variable-arguments type.</summary>
    public int NArgs => IsVarArgs ? -1 : Args.Length;

    public bool IsVarArgs { get; init; }
}
