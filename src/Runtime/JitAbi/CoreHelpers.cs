using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Frontend.Model;
using Vm.Runtime.Memory;
using Vm.Runtime.Threading;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.JitAbi;

/// <summary>Runtime helpers for allocation, closures, enums and errors that JIT code calls.</summary>
public static unsafe class CoreHelpers
{
    private static VmRuntime Runtime => VmThread.Current.Runtime;

    /// <summary>
    /// The allocation helpers are the slow path of inline allocation: the runtime allocates in the thread's
    /// buffer too and takes a fresh chunk when it is exhausted, so the following allocations are inline again.
    /// </summary>
    private static VmRuntime RefillIfLow() => VmThread.Current.Runtime;

    /// <summary>ONew of a class or struct: a zeroed instance with its bound fields set.</summary>
    [JitHelper("rt_new_object", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint NewObject(nint type)
    {
        var rt = RefillIfLow();
        return rt.NewObject(rt.Types.FromNative(type));
    }

    /// <summary>
    /// The storage of a register holding a reference whose address is taken (ORef): a one-word heap block,
    /// so the collector sees and updates the reference it holds, and the ref moves with it.
    /// </summary>
    [JitHelper("rt_new_register_box", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint NewRegisterBox() => RefillIfLow().Heap.Allocate(8, BlockLayout.AllPointers);

    /// <summary>OToDyn of a scalar: a box of the given type (the value is stored by the caller).</summary>
    [JitHelper("rt_new_dynamic", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint NewDynamic(nint type)
    {
        var rt = RefillIfLow();
        return rt.AllocateDynamic(rt.Types.FromNative(type));
    }

    /// <summary>OToDyn of a bool: one shared box for true and one for false.</summary>
    [JitHelper("rt_dyn_bool", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint DynBool(byte value) => Runtime.BoxedBool(value != 0);

    /// <summary>OInstanceClosure / OVirtualClosure: a closure of the given type with a bound value.</summary>
    [JitHelper("rt_new_closure", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint NewClosure(nint type, nint function, nint boundValue)
    {
        var rt = RefillIfLow();
        return rt.Functions.NewClosure(rt.Types.FromNative(type), function, boundValue, hasValue: true);
    }

    /// <summary>OInstanceClosure: a closure over a function with its first argument bound.</summary>
    [JitHelper("rt_bound_closure", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint BoundClosure(int functionIndex, nint boundValue)
    {
        var rt = Runtime;
        return rt.Functions.NewClosure(rt.Functions.BoundClosureType(functionIndex), rt.Functions[functionIndex], boundValue, hasValue: true);
    }

    /// <summary>OStaticClosure: the unique closure of a function.</summary>
    [JitHelper("rt_static_closure", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint StaticClosure(int functionIndex) => Runtime.Functions.StaticClosure(functionIndex);

    /// <summary>OEnumAlloc / OMakeEnum: a zeroed value of one constructor, its index set.</summary>
    [JitHelper("rt_new_enum", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint NewEnum(nint type, int construct)
    {
        var rt = RefillIfLow();
        var et = rt.Types.FromNative(type);
        var layout = et.Constructs![construct];
        var p = rt.Heap.Allocate(layout.Size, BlockLayout.Enum, et.Id);
        *(nint*)p = type;
        *(int*)(p + ValueLayout.EnumIndex) = construct;
        return p;
    }

    [JitHelper("rt_stack_overflow")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void StackOverflow() => HlErrors.Raise("Stack overflow");

    [JitHelper("rt_null_access")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void NullAccess() => HlErrors.NullAccess();

    /// <summary>Raises a message given as a zero-terminated UTF-16 string in permanent memory.</summary>
    [JitHelper("rt_raise_message")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void RaiseMessage(nint utf16) => HlErrors.Raise(HlStrings.ReadUtf16Z(utf16));

    /// <summary>Called instead of a native the runtime does not implement.</summary>
    [JitHelper("rt_missing_native")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void MissingNative(int nativeIndex)
    {
        var n = Runtime.Module.Natives[nativeIndex];
        HlErrors.Raise($"native not supported: {n.Library}.{n.Name}");
    }

    /// <summary>Type equality for OJEq/OJNotEq on type values (hl_same_type).</summary>
    [JitHelper("rt_same_type", MayRaise = false)]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static byte SameType(nint a, nint b)
    {
        if (a == b)
            return 1;
        if (a == 0 || b == 0)
            return 0;
        var types = Runtime.Types;
        return (byte)(TypeEquality.Same(types.FromNative(a), types.FromNative(b)) ? 1 : 0);
    }
}
