using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Dynamic;

namespace Vm.Runtime.JitAbi;

/// <summary>
/// Runtime helpers JIT code calls for HL's dynamic operations, one per HashLink function of the same role
/// (hl_alloc_obj, hl_dyn_getp, hl_dyn_castp...). Types are descriptor addresses (what OType loads), values
/// are raw HL values. Errors become the thread's pending exception and the helper returns zero.
/// </summary>
public static unsafe class DynamicHelpers
{
    /// <summary>ONew: hl_alloc_obj for classes and structs (bound fields filled), hl_alloc_virtual for virtuals, hl_alloc_dynobj for dynobj.</summary>
    [JitHelper("rt_alloc_obj")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint AllocObj(nint type)
    {
        try
        {
            var s = DynamicState.Current;
            return Objects.Allocate(s, s.FromNative(type));
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>hl_alloc_dynobj: an empty dynamic object.</summary>
    [JitHelper("rt_alloc_dynobj", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint AllocDynObj()
    {
        try
        {
            return DynObjs.Allocate(DynamicState.Current);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>hl_alloc_virtual: a virtual with its own storage.</summary>
    [JitHelper("rt_alloc_virtual", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint AllocVirtual(nint vtype)
    {
        try
        {
            var s = DynamicState.Current;
            return Virtuals.Allocate(s, s.FromNative(vtype));
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>OToVirtual: hl_to_virtual.</summary>
    [JitHelper("rt_to_virtual")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint ToVirtual(nint vtype, nint value)
    {
        try
        {
            var s = DynamicState.Current;
            return Virtuals.ToVirtual(s, s.FromNative(vtype), value);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>ODynGet (and OField on a virtual whose field pointer is null) to a reference register of type <paramref name="type"/>.</summary>
    [JitHelper("rt_dyn_getp")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint DynGetP(nint obj, int hfield, nint type)
    {
        try
        {
            var s = DynamicState.Current;
            return FieldAccess.GetP(s, obj, hfield, s.FromNative(type));
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>ODynGet to an i32, ui8, ui16 or bool register of type <paramref name="type"/>.</summary>
    [JitHelper("rt_dyn_geti")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int DynGetI(nint obj, int hfield, nint type)
    {
        try
        {
            var s = DynamicState.Current;
            return FieldAccess.GetI(s, obj, hfield, s.FromNative(type));
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    [JitHelper("rt_dyn_geti64")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static long DynGetI64(nint obj, int hfield)
    {
        try
        {
            return FieldAccess.GetI64(DynamicState.Current, obj, hfield);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    [JitHelper("rt_dyn_getd")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double DynGetD(nint obj, int hfield)
    {
        try
        {
            return FieldAccess.GetD(DynamicState.Current, obj, hfield);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    [JitHelper("rt_dyn_getf")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static float DynGetF(nint obj, int hfield)
    {
        try
        {
            return FieldAccess.GetF(DynamicState.Current, obj, hfield);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>ODynSet (and OSetField on a virtual whose field pointer is null) from a reference of type <paramref name="type"/>.</summary>
    [JitHelper("rt_dyn_setp")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void DynSetP(nint obj, int hfield, nint type, nint value)
    {
        try
        {
            var s = DynamicState.Current;
            FieldAccess.SetP(s, obj, hfield, s.FromNative(type), value);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
        }
    }

    [JitHelper("rt_dyn_seti")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void DynSetI(nint obj, int hfield, nint type, int value)
    {
        try
        {
            var s = DynamicState.Current;
            FieldAccess.SetI(s, obj, hfield, s.FromNative(type), value);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
        }
    }

    [JitHelper("rt_dyn_seti64")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void DynSetI64(nint obj, int hfield, long value)
    {
        try
        {
            FieldAccess.SetI64(DynamicState.Current, obj, hfield, value);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
        }
    }

    [JitHelper("rt_dyn_setd")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void DynSetD(nint obj, int hfield, double value)
    {
        try
        {
            FieldAccess.SetD(DynamicState.Current, obj, hfield, value);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
        }
    }

    [JitHelper("rt_dyn_setf")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void DynSetF(nint obj, int hfield, float value)
    {
        try
        {
            FieldAccess.SetF(DynamicState.Current, obj, hfield, value);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
        }
    }

    /// <summary>
    /// OSafeCast/OUnsafeCast/ODynCast to a reference type: hl_dyn_castp; <paramref name="data"/> is the address of
    /// a copy of the value on the JIT frame's stack. A class's __cast method (ArrayDyn to Array&lt;T&gt;) may collect
    /// and move objects: its result is all that is used afterwards.
    /// </summary>
    [JitHelper("rt_dyn_castp", CallbacksMayMoveObjects = true)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint DynCastP(void* data, nint fromType, nint toType)
    {
        try
        {
            var s = DynamicState.Current;
            return Casts.CastP(s, (nint)data, s.FromNative(fromType), s.FromNative(toType), objectsMayMove: true);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>hl_dyn_casti: to i32, ui8, ui16 or bool (<paramref name="toType"/> only names the target in errors).</summary>
    [JitHelper("rt_dyn_casti")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int DynCastI(void* data, nint fromType, nint toType)
    {
        try
        {
            var s = DynamicState.Current;
            return Casts.CastI(s, (nint)data, s.FromNative(fromType), s.FromNative(toType));
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    [JitHelper("rt_dyn_casti64")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static long DynCastI64(void* data, nint fromType)
    {
        try
        {
            var s = DynamicState.Current;
            return Casts.CastI64(s, (nint)data, s.FromNative(fromType));
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    [JitHelper("rt_dyn_castd")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double DynCastD(void* data, nint fromType)
    {
        try
        {
            var s = DynamicState.Current;
            return Casts.CastD(s, (nint)data, s.FromNative(fromType));
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    [JitHelper("rt_dyn_castf")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static float DynCastF(void* data, nint fromType)
    {
        try
        {
            var s = DynamicState.Current;
            return Casts.CastF(s, (nint)data, s.FromNative(fromType));
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>
    /// hl_dyn_compare (comparison jumps on dynamic and function registers): -1, 0, 1, or
    /// <see cref="Comparison.Invalid"/> (0xAABBCCDD) for values without order, on which OJSGt/OJSGte must not jump.
    /// </summary>
    [JitHelper("rt_dyn_compare")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int DynCompare(nint a, nint b)
    {
        try
        {
            return Comparison.DynCompare(DynamicState.Current, a, b);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>hl_safe_cast: 1 when a value of <paramref name="fromType"/> can be used as <paramref name="toType"/> unchanged.</summary>
    [JitHelper("rt_safe_cast", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte SafeCast(nint fromType, nint toType)
    {
        try
        {
            var s = DynamicState.Current;
            return HlTypeOps.SafeCast(s, s.FromNative(fromType), s.FromNative(toType)) ? (byte)1 : (byte)0;
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>
    /// OCallMethod on a virtual whose method pointer is null: hl_dyn_call_obj. <paramref name="obj"/> is the
    /// virtual's value; <paramref name="args"/> has one word per argument of <paramref name="funType"/> (after
    /// the receiver): the value for reference types, the address of the value for the others. A
    /// non-reference result is written to <paramref name="ret"/> + 8 (a 16-byte buffer); a reference result is returned.
    /// </summary>
    [JitHelper("rt_dyn_call_obj", CallbacksMayMoveObjects = true)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint DynCallObj(nint obj, nint funType, int hfield, void* args, void* ret)
    {
        try
        {
            var s = DynamicState.Current;
            return Closures.DynCallObj(s, obj, s.FromNative(funType), hfield, (nint*)args, (nint)ret, objectsMayMove: true);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>OCallClosure on a dynamic: hl_dyn_call with <paramref name="nargs"/> dynamics at <paramref name="args"/>; returns a dynamic.</summary>
    [JitHelper("rt_dyn_call", CallbacksMayMoveObjects = true)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint DynCall(nint closure, void* args, int nargs)
    {
        try
        {
            var s = DynamicState.Current;
            if (closure == 0)
                throw HlFailure.Error("Null access");
            return Closures.DynCall(s, closure, new ReadOnlySpan<nint>((void*)args, nargs), objectsMayMove: true);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>
    /// The body of the JIT's function-wrapper stubs (see <see cref="IHlCodeAddresses.FunWrapperEntry"/>): calls the
    /// closure wrapped by <paramref name="wrapper"/> with the stub's arguments (8-byte slots at
    /// <paramref name="args"/>, one per argument of the wrapper's type) and returns the result slot.
    /// </summary>
    [JitHelper("rt_wrapper_call", CallbacksMayMoveObjects = true)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static long WrapperCall(nint wrapper, void* args)
    {
        try
        {
            var s = DynamicState.Current;
            var n = s.RequireFun(s.TypeOf(wrapper)).Args.Length;
            return (long)Closures.WrapperInvoke(s, wrapper, new ReadOnlySpan<ulong>((void*)args, n), objectsMayMove: true);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>OEnumAlloc/OMakeEnum: hl_alloc_enum, a zeroed value of constructor <paramref name="constructIndex"/>.</summary>
    [JitHelper("rt_alloc_enum", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint AllocEnum(nint type, int constructIndex)
    {
        try
        {
            var s = DynamicState.Current;
            return Enums.Allocate(s, s.FromNative(type), constructIndex);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>
    /// Closures. With <paramref name="hasValue"/> = 0 (OStaticClosure): hl_alloc_closure_void, a closure of
    /// type <paramref name="type"/>. With <paramref name="hasValue"/> = 1 (OInstanceClosure, OVirtualClosure):
    /// hl_alloc_closure_ptr, where <paramref name="type"/> is the FULL type of the function (its first argument
    /// is <paramref name="value"/>); the closure gets the derived closure type, as in HashLink.
    /// </summary>
    [JitHelper("rt_alloc_closure", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint AllocClosure(nint type, nint fun, int hasValue, nint value)
    {
        try
        {
            var s = DynamicState.Current;
            var t = s.FromNative(type);
            return hasValue == 0 ? Closures.AllocVoid(s, t, fun) : Closures.AllocPtr(s, t, fun, value);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>hl_to_string: the value as zero-terminated UTF-16 (for the uncaught-exception report and value_to_string).</summary>
    [JitHelper("rt_to_string")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint ValueToString(nint value)
    {
        try
        {
            return ToUtf16(DynamicState.Current, value);
        }
        catch (Exception e)
        {
            HlFailure.Report(e);
            return 0;
        }
    }

    /// <summary>hl_to_string for C# callers (the uncaught-exception report); throws <see cref="HlPendingException"/> when a __string method threw.</summary>
    public static nint ToUtf16(DynamicState s, nint value)
    {
        if (value == 0)
            return s.NullText;
        // Read before ToText: it may call __string methods, after which `value` may be stale.
        var isBool = s.TypeOf(value).Kind == Frontend.Model.TypeKind.Bool;
        var text = ValueStrings.ToText(s, value);
        return text switch
        {
            "true" when isBool => s.TrueText,
            "false" when isBool => s.FalseText,
            _ => s.Runtime.Strings.AllocUtf16(text),
        };
    }
}
