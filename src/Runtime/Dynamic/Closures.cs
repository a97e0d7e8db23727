using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Frontend.Model;
using Vm.Runtime.Gc;
using Vm.Runtime.Memory;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// Closures (vclosure {type, fun, hasValue, value}) and dynamic calls. hasValue is 0 for a plain function,
/// 1 when <c>value</c> is bound as first argument (the closure's type is then the derived closure type of
/// the function's full type), and 2 for a wrapper made by a function cast: <c>value</c> points to the
/// wrapper itself and the wrapped closure follows at <see cref="WrappedFun"/> (block of
/// <see cref="WrapperSize"/> bytes).
/// </summary>
public static unsafe class Closures
{
    public const int WrappedFun = ValueLayout.ClosureSize;
    public const int WrapperSize = ValueLayout.ClosureSize + 8;

    /// <summary>HashLink's HL_MAX_ARGS for dynamic calls.</summary>
    public const int MaxArgs = 9;

    /// <summary>The function of variable-argument closures: calling it directly is an error, as in HashLink.</summary>
    public static readonly nint VarArgsFunction = (nint)(delegate* unmanaged[Cdecl]<nint>)&VarArgsTrap;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint VarArgsTrap()
    {
        HlErrors.Raise("Variable fun args was not cast to typed function");
        return 0;
    }

    public static ref nint FunOf(nint c) => ref *(nint*)(c + ValueLayout.ClosureFunction);
    public static ref int HasValueOf(nint c) => ref *(int*)(c + ValueLayout.ClosureHasValue);
    public static ref nint ValueOf(nint c) => ref *(nint*)(c + ValueLayout.ClosureValue);

    /// <summary>hl_alloc_closure_void: a closure of type <paramref name="t"/> without bound value.</summary>
    public static nint AllocVoid(DynamicState s, RuntimeType t, nint fun)
    {
        var c = s.Runtime.Heap.Allocate(ValueLayout.ClosureSize, BlockLayout.Closure);
        *(nint*)c = t.Native;
        FunOf(c) = fun;
        return c;
    }

    /// <summary>hl_alloc_closure_ptr: binds <paramref name="value"/> as first argument of <paramref name="fun"/>, of full type <paramref name="full"/>.</summary>
    public static nint AllocPtr(DynamicState s, RuntimeType full, nint fun, nint value)
    {
        var c = s.Runtime.Heap.Allocate(ValueLayout.ClosureSize, BlockLayout.Closure);
        *(nint*)c = s.ClosureTypeOf(full).Native;
        FunOf(c) = fun;
        HasValueOf(c) = 1;
        WriteBarrier.Store(c + ValueLayout.ClosureValue, value);
        return c;
    }

    /// <summary>hl_make_var_args: a closure taking any arguments, which calls <paramref name="c"/> with them as an array of dynamics.</summary>
    public static nint MakeVarArgs(DynamicState s, nint c)
    {
        var v = s.Runtime.Heap.Allocate(ValueLayout.ClosureSize, BlockLayout.Closure);
        *(nint*)v = s.VarArgsType.Native;
        FunOf(v) = VarArgsFunction;
        HasValueOf(v) = 1;
        WriteBarrier.Store(v + ValueLayout.ClosureValue, c);
        return v;
    }

    /// <summary>hl_make_fun_wrapper: a closure of type <paramref name="to"/> calling <paramref name="c"/> with converted arguments; 0 when impossible.</summary>
    public static nint MakeFunWrapper(DynamicState s, nint c, RuntimeType to)
    {
        var entry = s.WrapperEntry(to);
        if (entry == 0)
            return 0;
        if (FunOf(c) != VarArgsFunction && s.RequireFun(s.TypeOf(c)).NArgs != s.RequireFun(to).NArgs)
            return 0;
        var w = s.Runtime.Heap.Allocate(WrapperSize, BlockLayout.Closure);
        *(nint*)w = to.Native;
        FunOf(w) = entry;
        HasValueOf(w) = 2;
        WriteBarrier.Store(w + ValueLayout.ClosureValue, w);
        WriteBarrier.Store(w + WrappedFun, c);
        return w;
    }

    /// <summary>hl_no_closure: the function of a closure without its bound value.</summary>
    public static nint NoClosure(DynamicState s, nint c)
    {
        var hv = HasValueOf(c);
        if (hv == 0)
            return c;
        if (hv == 2)
            return NoClosure(s, *(nint*)(c + WrappedFun));
        var parent = s.ClosureParent(c) ?? throw HlFailure.Error("closure without full type");
        return AllocVoid(s, parent, FunOf(c));
    }

    /// <summary>hl_make_closure: binds <paramref name="v"/> as first argument; 0 when it does not fit.</summary>
    public static nint MakeClosure(DynamicState s, nint c, nint v)
    {
        var hv = HasValueOf(c);
        if (hv == 2)
            return MakeClosure(s, *(nint*)(c + WrappedFun), v);
        var t = s.TypeOf(c);
        if (hv != 0)
            t = s.ClosureParent(c) ?? t;
        var f = s.RequireFun(t);
        if (f.NArgs <= 0 || v == 0 || !HlTypeOps.SafeCast(s, s.TypeOf(v), f.Args[0]))
            return 0;
        return AllocPtr(s, t, FunOf(c), v);
    }

    /// <summary>hl_get_closure_value: the bound value, boxed as a dynamic.</summary>
    public static nint GetClosureValue(DynamicState s, nint c)
    {
        var hv = HasValueOf(c);
        if (hv == 0)
            return 0;
        if (hv == 2)
            return GetClosureValue(s, *(nint*)(c + WrappedFun));
        if (FunOf(c) == VarArgsFunction)
            return 0;
        // Bound values are references; without the full type, the value is taken as the dynamic it is.
        return s.ClosureParent(c) is { } parent
            ? Casts.MakeDyn(s, c + ValueLayout.ClosureValue, s.RequireFun(parent).Args[0])
            : ValueOf(c);
    }

    /// <summary>hl_fun_compare: same function and same bound value.</summary>
    public static bool FunCompare(DynamicState s, nint a, nint b)
    {
        if (a == b)
            return true;
        if (a == 0 || b == 0)
            return false;
        var ka = s.TypeOf(a).Kind;
        if (ka != s.TypeOf(b).Kind || ka != TypeKind.Fun)
            return false;
        if (FunOf(a) != FunOf(b))
            return false;
        return HasValueOf(a) == 0 || ValueOf(a) == ValueOf(b);
    }

    /// <summary>
    /// A closure as the call paths see it, with the full function type when a value is bound; the method
    /// view of dyn_call_obj is never allocated.
    /// </summary>
    private readonly record struct View(nint Self, RuntimeType Type, nint Fun, int HasValue, nint Value, RuntimeType? Parent);

    private static View Read(DynamicState s, nint c)
    {
        var hv = HasValueOf(c);
        return new(c, s.TypeOf(c), FunOf(c), hv, ValueOf(c), hv == 1 ? s.ClosureParent(c) : null);
    }

    /// <summary>Calls a closure with its arguments as slots; returns the result slot.</summary>
    public static ulong CallSlots(DynamicState s, nint c, ReadOnlySpan<ulong> args, bool objectsMayMove = false) =>
        CallSlots(s, Read(s, c), args, objectsMayMove);

    // objectsMayMove: see HlCalls.Invoke; only the entries of dynamic calls (rt_dyn_call, rt_dyn_call_obj,
    // rt_wrapper_call, call_method) pass true.
    private static ulong CallSlots(DynamicState s, View c, ReadOnlySpan<ulong> args, bool objectsMayMove = false)
    {
        if (c.HasValue == 2)
            return WrapperInvoke(s, c.Self, args, objectsMayMove);
        if (c.Fun == VarArgsFunction)
            throw HlFailure.Error("Variable fun args was not cast to typed function");
        if (c.HasValue == 0 && s.RequireFun(c.Type).Signature is { } sig)
            return HlCalls.Invoke(s, c.Fun, sig, args, objectsMayMove);
        if (c.HasValue == 1 && c.Parent is { } parent && s.RequireFun(parent).Signature is { } full)
        {
            Span<ulong> all = stackalloc ulong[args.Length + 1];
            all[0] = (ulong)c.Value;
            args.CopyTo(all[1..]);
            return HlCalls.Invoke(s, c.Fun, full, all, objectsMayMove);
        }
        // A closure whose full type is unknown: the JIT calls it from its own type, value first.
        if (c.Self != 0)
            return HlCalls.InvokeClosure(s, c.Self, args, objectsMayMove);
        throw HlFailure.Error("Can't call closure with value");
    }

    /// <summary>hl_call_method: calls a closure with an array of dynamics.</summary>
    public static nint CallMethod(DynamicState s, nint c, nint args, bool objectsMayMove = false)
    {
        var n = HlArrays.Length(args);
        return CallDynamic(s, c, new ReadOnlySpan<nint>((void*)HlArrays.Data(args), n), args, objectsMayMove);
    }

    /// <summary>hl_dyn_call: calls a closure with dynamic arguments; returns the result as a dynamic.</summary>
    public static nint DynCall(DynamicState s, nint c, ReadOnlySpan<nint> args, bool objectsMayMove = false)
    {
        if (args.Length > MaxArgs)
            throw HlFailure.Error("Too many arguments");
        var hv = HasValueOf(c);
        if (hv != 0)
        {
            var f = s.RequireFun(s.TypeOf(c));
            if (f.NArgs >= 0 && (hv == 1 ? s.ClosureParent(c) : f.Parent) is { } parent)
            {
                // The bound value becomes the first argument of a call to the full function.
                var full = s.RequireFun(parent);
                Span<nint> all = stackalloc nint[args.Length + 1];
                all[0] = Casts.MakeDyn(s, c + ValueLayout.ClosureValue, full.Args[0]);
                args.CopyTo(all[1..]);
                return CallTyped(s, FunOf(c), full, all, objectsMayMove);
            }
        }
        return CallDynamic(s, c, args, 0, objectsMayMove);
    }

    private static nint CallDynamic(DynamicState s, nint c, ReadOnlySpan<nint> args, nint argsArray, bool objectsMayMove)
    {
        if (args.Length > MaxArgs)
            throw HlFailure.Error("Too many arguments");
        var hv = HasValueOf(c);
        if (hv != 0)
        {
            if (hv == 2)
                c = *(nint*)(c + WrappedFun);
            if (FunOf(c) == VarArgsFunction)
            {
                if (argsArray == 0)
                {
                    argsArray = args.Length == 0 ? s.EmptyDynArray : HlArrays.Allocate(s.Runtime, s.Dyn, args.Length);
                    args.CopyTo(new Span<nint>((void*)HlArrays.Data(argsArray), args.Length));
                    WriteBarrier.MarkRange(HlArrays.Data(argsArray), 8L * args.Length);
                }
                return (nint)CallSlots(s, Read(s, ValueOf(c)), [(ulong)argsArray], objectsMayMove);
            }
            throw HlFailure.Error("Can't call closure with value");
        }
        return CallTyped(s, FunOf(c), s.RequireFun(s.TypeOf(c)), args, objectsMayMove);
    }

    // The end of hl_call_method: unbox each argument to its parameter type (conversions may call back, with
    // objects staying put), call (objects may move if the caller allows it: nothing but the result is used
    // after it), box the result.
    private static nint CallTyped(DynamicState s, nint fun, FunInfo f, ReadOnlySpan<nint> args, bool objectsMayMove)
    {
        if (args.Length < f.NArgs)
            throw HlFailure.Error($"Missing arguments : {f.NArgs} expected but {args.Length} passed");
        Span<ulong> slots = stackalloc ulong[f.Args.Length];
        for (var i = 0; i < f.Args.Length; i++)
        {
            var v = args[i];
            var t = f.Args[i];
            if (v == 0)
            {
                slots[i] = 0;
                continue;
            }
            var data = (nint)(&v);
            slots[i] = t.Kind switch
            {
                TypeKind.Bool or TypeKind.UI8 or TypeKind.UI16 or TypeKind.I32 => HlCalls.IntSlot(Casts.CastI(s, data, s.Dyn, t)),
                TypeKind.I64 or TypeKind.Guid => (ulong)Casts.CastI64(s, data, s.Dyn),
                TypeKind.F32 => HlCalls.FloatSlot(Casts.CastF(s, data, s.Dyn)),
                TypeKind.F64 => HlCalls.DoubleSlot(Casts.CastD(s, data, s.Dyn)),
                _ => (ulong)Casts.CastP(s, data, s.Dyn, t),
            };
        }
        var r = HlCalls.Invoke(s, fun, f.Signature ?? throw HlFailure.Error("function type without signature"), slots, objectsMayMove);
        var tret = f.Ret;
        if (!HlTypeOps.IsPtr(tret))
        {
            switch (tret.Kind)
            {
                case TypeKind.Void:
                    return 0;
                case TypeKind.Bool:
                    return s.BoxBool((byte)r != 0);
                default:
                {
                    var box = s.Runtime.AllocateDynamic(tret);
                    *(ulong*)(box + ValueLayout.DynamicValue) = r;
                    return box;
                }
            }
        }
        if (r == 0 || HlTypeOps.IsDynamic(tret))
            return (nint)r;
        var d = s.Runtime.AllocateDynamic(tret);
        WriteBarrier.Store(d + ValueLayout.DynamicValue, (nint)r);
        return d;
    }

    /// <summary>
    /// What the JIT's wrapper stub does when a wrapper closure is called (hl's jit_wrapper_call): box the
    /// arguments with the wrapper's parameter types, hl_dyn_call the wrapped closure, convert the result
    /// to the wrapper's return type; returns the result slot.
    /// </summary>
    public static ulong WrapperInvoke(DynamicState s, nint wrapper, ReadOnlySpan<ulong> args, bool objectsMayMove = false)
    {
        var f = s.RequireFun(s.TypeOf(wrapper));
        var n = Math.Min(f.Args.Length, args.Length);
        Span<nint> boxed = stackalloc nint[n];
        for (var i = 0; i < n; i++)
        {
            var slot = args[i];
            boxed[i] = Casts.MakeDyn(s, (nint)(&slot), f.Args[i]);
        }
        var ret = DynCall(s, *(nint*)(wrapper + WrappedFun), boxed, objectsMayMove);
        var data = (nint)(&ret);
        var tret = f.Ret;
        return tret.Kind switch
        {
            TypeKind.Void => 0,
            TypeKind.UI8 or TypeKind.UI16 or TypeKind.I32 or TypeKind.Bool => HlCalls.IntSlot(Casts.CastI(s, data, s.Dyn, tret)),
            TypeKind.I64 or TypeKind.Guid => (ulong)Casts.CastI64(s, data, s.Dyn),
            TypeKind.F32 => HlCalls.FloatSlot(Casts.CastF(s, data, s.Dyn)),
            TypeKind.F64 => HlCalls.DoubleSlot(Casts.CastD(s, data, s.Dyn)),
            _ => (ulong)Casts.CastP(s, data, s.Dyn, tret),
        };
    }

    /// <summary>
    /// hl_dyn_call_obj: calls field <paramref name="hfield"/> of <paramref name="o"/> (a class instance or
    /// dynamic object) as a function of type <paramref name="ft"/>. <paramref name="args"/> holds one word per
    /// argument of <paramref name="ft"/>: the value itself for reference types, the address of the value for
    /// the others. A non-reference result is stored in <paramref name="ret"/> (a vdynamic-sized buffer) at
    /// <see cref="ValueLayout.DynamicValue"/>; a reference result is returned.
    /// </summary>
    public static nint DynCallObj(DynamicState s, nint o, RuntimeType ft, int hfield, nint* args, nint ret, bool objectsMayMove = false)
    {
        if (o == 0)
            throw HlFailure.Error("Null access");
        var t = s.TypeOf(o);
        switch (t.Kind)
        {
            case TypeKind.DynObj:
            {
                var l = DynObjs.Find(o, hfield);
                if (l != 0)
                {
                    var lt = s.FromNative(DynObjs.EntryType(l));
                    if (lt.Kind != TypeKind.Fun)
                        throw HlFailure.Error($"Field {s.FieldName(hfield)} is of type {HlTypeNames.Of(s, lt)} and cannot be called");
                    var c = *(nint*)DynObjs.FieldAddress(o, l);
                    if (c != 0)
                        return WrapperCall(s, ft, Read(s, c), args, ret, objectsMayMove);
                }
                throw HlFailure.Error($"{HlTypeNames.Of(s, t)} has no method {s.FieldName(hfield)}");
            }
            case TypeKind.Obj:
            {
                var ci = s.Class(t);
                for (var c = ci; c is not null; c = c.Parent)
                {
                    if (c.FindOwn(hfield) is not { } l)
                        continue;
                    if (l.Type.Kind != TypeKind.Fun)
                        throw HlFailure.Error($"Field {s.FieldName(hfield)} is of type {HlTypeNames.Of(s, l.Type)} and cannot be called");
                    View view;
                    if (l.IsMethod)
                    {
                        view = new View(0, s.ClosureTypeOf(l.Type), ci.MethodAddress(s, l.MethodIndex), 1, o, l.Type);
                    }
                    else
                    {
                        var closure = *(nint*)(o + l.Offset);
                        if (closure == 0)
                            break;
                        view = Read(s, closure);
                    }
                    return WrapperCall(s, ft, view, args, ret, objectsMayMove);
                }
                throw HlFailure.Error($"{ci.Name} has no method {s.FieldName(hfield)}");
            }
            default:
                throw HlFailure.Error("Invalid field access");
        }
    }

    // hl_wrapper_call: calls closure w as a function of type tfunType, converting each argument and the result
    // (after the call: only the result, the types and ret, a buffer in the caller's frame).
    private static nint WrapperCall(DynamicState s, RuntimeType tfunType, View w, nint* args, nint ret, bool objectsMayMove)
    {
        var tfun = s.RequireFun(tfunType);
        ulong r;
        RuntimeType wret;
        if (w.Fun == VarArgsFunction)
        {
            var a = tfun.Args.Length == 0 ? s.EmptyDynArray : HlArrays.Allocate(s.Runtime, s.Dyn, tfun.Args.Length);
            for (var i = 0; i < tfun.Args.Length; i++)
            {
                var t = tfun.Args[i];
                var v = HlTypeOps.IsPtr(t) ? (nint)(args + i) : args[i];
                var boxed = Casts.MakeDyn(s, v, t);
                WriteBarrier.Store(HlArrays.Data(a) + 8 * i, boxed);
            }
            var real = Read(s, w.Value);
            r = CallSlots(s, real, [(ulong)a], objectsMayMove);
            wret = s.RequireFun(real.Type).Ret;
        }
        else
        {
            var wf = s.RequireFun(w.Type);
            if (tfun.Args.Length < wf.Args.Length)
                throw HlFailure.Error($"Missing arguments : {wf.Args.Length} expected but {tfun.Args.Length} passed");
            Span<ulong> slots = stackalloc ulong[wf.Args.Length];
            for (var i = 0; i < wf.Args.Length; i++)
            {
                var t = tfun.Args[i];
                var to = wf.Args[i];
                var v = HlTypeOps.IsPtr(t) ? (nint)(args + i) : args[i];
                slots[i] = to.Kind switch
                {
                    TypeKind.UI8 or TypeKind.UI16 or TypeKind.I32 or TypeKind.Bool => HlCalls.IntSlot(Casts.CastI(s, v, t, to)),
                    TypeKind.I64 or TypeKind.Guid => (ulong)Casts.CastI64(s, v, t),
                    TypeKind.F32 => HlCalls.FloatSlot(Casts.CastF(s, v, t)),
                    TypeKind.F64 => HlCalls.DoubleSlot(Casts.CastD(s, v, t)),
                    _ => (ulong)Casts.CastP(s, v, t, to),
                };
            }
            r = CallSlots(s, w, slots, objectsMayMove);
            wret = wf.Ret;
        }
        var data = (nint)(&r);
        var result = ret + ValueLayout.DynamicValue;
        switch (tfun.Ret.Kind)
        {
            case TypeKind.Void:
                return 0;
            case TypeKind.UI8 or TypeKind.UI16 or TypeKind.I32 or TypeKind.Bool:
                *(int*)result = Casts.CastI(s, data, wret, tfun.Ret);
                return 0;
            case TypeKind.I64 or TypeKind.Guid:
                *(long*)result = Casts.CastI64(s, data, wret);
                return 0;
            case TypeKind.F32:
                *(float*)result = Casts.CastF(s, data, wret);
                return 0;
            case TypeKind.F64:
                *(double*)result = Casts.CastD(s, data, wret);
                return 0;
            default:
                return Casts.CastP(s, data, wret, tfun.Ret);
        }
    }
}
