using Vm.Frontend.Model;
using Vm.Jit.Llvm;

namespace Vm.Jit.Abi;

/// <summary>How HL types are represented in LLVM: registers, fields, arguments and returns.</summary>
public sealed class HlTypeMap(LlvmContext c)
{
    public LlvmContext Context => c;

    /// <summary>The LLVM type holding a value of <paramref name="kind"/> (void has none: use <see cref="IsVoid"/>).</summary>
    public LType Of(TypeKind kind) => kind switch
    {
        TypeKind.UI8 or TypeKind.Bool => c.I8,
        TypeKind.UI16 => c.I16,
        TypeKind.I32 => c.I32,
        TypeKind.I64 or TypeKind.Guid => c.I64,
        TypeKind.F32 => c.F32,
        TypeKind.F64 => c.F64,
        TypeKind.Void => c.I8,
        _ => c.GcPtr,
    };

    public LType Of(HlType t) => Of(t.Kind);

    public static bool IsVoid(HlType t) => t.Kind == TypeKind.Void;

    public static bool IsFloat(HlType t) => t.Kind is TypeKind.F32 or TypeKind.F64;

    public static bool IsInteger(HlType t) => t.Kind is TypeKind.UI8 or TypeKind.UI16 or TypeKind.I32 or TypeKind.I64 or TypeKind.Bool or TypeKind.Guid;

    /// <summary>LLVM type of an HL function: the thread context first, then the HL arguments.</summary>
    public LType HlFunction(FunctionSignature sig, bool withBoundValue = false)
    {
        var args = new List<LType> { c.Ptr };
        if (withBoundValue)
            args.Add(c.GcPtr);
        args.AddRange(sig.Args.Select(Of));
        return c.Function(Return(sig), args.ToArray());
    }

    /// <summary>LLVM type of a native: the C convention with HL's argument types, no context.</summary>
    public LType NativeFunction(FunctionSignature sig) =>
        c.Function(Return(sig), sig.Args.Select(Of).ToArray());

    public LType Return(FunctionSignature sig) => IsVoid(sig.Return) ? c.Void : Of(sig.Return);
}
