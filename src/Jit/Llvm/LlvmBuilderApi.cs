using System.Runtime.InteropServices;

namespace Vm.Jit.Llvm;

/// <summary>Bindings to the instruction builder of llvm-c/Core.h.</summary>
internal static unsafe partial class LlvmBuilderApi
{
    private const string L = LlvmLibrary.Name;
    private const StringMarshalling U = StringMarshalling.Utf8;

    [LibraryImport(L, EntryPoint = "LLVMCreateBuilderInContext")] internal static partial nint Create(nint c);
    [LibraryImport(L, EntryPoint = "LLVMDisposeBuilder")] internal static partial void Dispose(nint b);
    [LibraryImport(L, EntryPoint = "LLVMPositionBuilderAtEnd")] internal static partial void PositionAtEnd(nint b, nint block);
    [LibraryImport(L, EntryPoint = "LLVMPositionBuilderBefore")] internal static partial void PositionBefore(nint b, nint instruction);
    [LibraryImport(L, EntryPoint = "LLVMGetInsertBlock")] internal static partial nint GetInsertBlock(nint b);

    [LibraryImport(L, EntryPoint = "LLVMBuildRetVoid")] internal static partial nint RetVoid(nint b);
    [LibraryImport(L, EntryPoint = "LLVMBuildRet")] internal static partial nint Ret(nint b, nint v);
    [LibraryImport(L, EntryPoint = "LLVMBuildBr")] internal static partial nint Br(nint b, nint dest);
    [LibraryImport(L, EntryPoint = "LLVMBuildCondBr")] internal static partial nint CondBr(nint b, nint cond, nint then, nint otherwise);
    [LibraryImport(L, EntryPoint = "LLVMBuildSwitch")] internal static partial nint Switch(nint b, nint v, nint otherwise, uint numCases);
    [LibraryImport(L, EntryPoint = "LLVMAddCase")] internal static partial void AddCase(nint sw, nint onValue, nint dest);
    [LibraryImport(L, EntryPoint = "LLVMBuildUnreachable")] internal static partial nint Unreachable(nint b);
    [LibraryImport(L, EntryPoint = "LLVMBuildInvoke2", StringMarshalling = U)]
    internal static partial nint Invoke2(nint b, nint fnType, nint fn, nint* args, uint numArgs, nint then, nint unwind, string name);
    [LibraryImport(L, EntryPoint = "LLVMBuildLandingPad", StringMarshalling = U)]
    internal static partial nint LandingPad(nint b, nint type, nint personality, uint numClauses, string name);
    [LibraryImport(L, EntryPoint = "LLVMAddClause")] internal static partial void AddClause(nint landingPad, nint clause);
    [LibraryImport(L, EntryPoint = "LLVMSetCleanup")] internal static partial void SetCleanup(nint landingPad, int value);
    [LibraryImport(L, EntryPoint = "LLVMBuildResume")] internal static partial nint Resume(nint b, nint exn);
    [LibraryImport(L, EntryPoint = "LLVMBuildExtractValue", StringMarshalling = U)]
    internal static partial nint ExtractValue(nint b, nint agg, uint index, string name);

    [LibraryImport(L, EntryPoint = "LLVMBuildAdd", StringMarshalling = U)] internal static partial nint Add(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildSub", StringMarshalling = U)] internal static partial nint Sub(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildMul", StringMarshalling = U)] internal static partial nint Mul(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildSDiv", StringMarshalling = U)] internal static partial nint SDiv(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildUDiv", StringMarshalling = U)] internal static partial nint UDiv(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildSRem", StringMarshalling = U)] internal static partial nint SRem(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildURem", StringMarshalling = U)] internal static partial nint URem(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildShl", StringMarshalling = U)] internal static partial nint Shl(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildAShr", StringMarshalling = U)] internal static partial nint AShr(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildLShr", StringMarshalling = U)] internal static partial nint LShr(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildAnd", StringMarshalling = U)] internal static partial nint And(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildOr", StringMarshalling = U)] internal static partial nint Or(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildXor", StringMarshalling = U)] internal static partial nint Xor(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildFAdd", StringMarshalling = U)] internal static partial nint FAdd(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildFSub", StringMarshalling = U)] internal static partial nint FSub(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildFMul", StringMarshalling = U)] internal static partial nint FMul(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildFDiv", StringMarshalling = U)] internal static partial nint FDiv(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildFRem", StringMarshalling = U)] internal static partial nint FRem(nint b, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildNeg", StringMarshalling = U)] internal static partial nint Neg(nint b, nint v, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildFNeg", StringMarshalling = U)] internal static partial nint FNeg(nint b, nint v, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildNot", StringMarshalling = U)] internal static partial nint Not(nint b, nint v, string n);

    [LibraryImport(L, EntryPoint = "LLVMBuildAlloca", StringMarshalling = U)] internal static partial nint Alloca(nint b, nint type, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildLoad2", StringMarshalling = U)] internal static partial nint Load2(nint b, nint type, nint ptr, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildStore")] internal static partial nint Store(nint b, nint value, nint ptr);
    [LibraryImport(L, EntryPoint = "LLVMBuildGEP2", StringMarshalling = U)]
    internal static partial nint Gep2(nint b, nint type, nint ptr, nint* indices, uint count, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildInBoundsGEP2", StringMarshalling = U)]
    internal static partial nint InBoundsGep2(nint b, nint type, nint ptr, nint* indices, uint count, string n);

    [LibraryImport(L, EntryPoint = "LLVMBuildTrunc", StringMarshalling = U)] internal static partial nint Trunc(nint b, nint v, nint t, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildZExt", StringMarshalling = U)] internal static partial nint ZExt(nint b, nint v, nint t, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildSExt", StringMarshalling = U)] internal static partial nint SExt(nint b, nint v, nint t, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildFPToSI", StringMarshalling = U)] internal static partial nint FPToSI(nint b, nint v, nint t, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildSIToFP", StringMarshalling = U)] internal static partial nint SIToFP(nint b, nint v, nint t, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildUIToFP", StringMarshalling = U)] internal static partial nint UIToFP(nint b, nint v, nint t, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildFPTrunc", StringMarshalling = U)] internal static partial nint FPTrunc(nint b, nint v, nint t, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildFPExt", StringMarshalling = U)] internal static partial nint FPExt(nint b, nint v, nint t, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildPtrToInt", StringMarshalling = U)] internal static partial nint PtrToInt(nint b, nint v, nint t, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildIntToPtr", StringMarshalling = U)] internal static partial nint IntToPtr(nint b, nint v, nint t, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildBitCast", StringMarshalling = U)] internal static partial nint BitCast(nint b, nint v, nint t, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildAddrSpaceCast", StringMarshalling = U)] internal static partial nint AddrSpaceCast(nint b, nint v, nint t, string n);

    [LibraryImport(L, EntryPoint = "LLVMBuildICmp", StringMarshalling = U)] internal static partial nint ICmp(nint b, int pred, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildFCmp", StringMarshalling = U)] internal static partial nint FCmp(nint b, int pred, nint l, nint r, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildSelect", StringMarshalling = U)] internal static partial nint Select(nint b, nint c, nint t, nint e, string n);
    [LibraryImport(L, EntryPoint = "LLVMBuildPhi", StringMarshalling = U)] internal static partial nint Phi(nint b, nint type, string n);
    [LibraryImport(L, EntryPoint = "LLVMAddIncoming")] internal static partial void AddIncoming(nint phi, nint* values, nint* blocks, uint count);
    [LibraryImport(L, EntryPoint = "LLVMBuildCall2", StringMarshalling = U)]
    internal static partial nint Call2(nint b, nint fnType, nint fn, nint* args, uint numArgs, string n);
    [LibraryImport(L, EntryPoint = "LLVMSetTailCall")] internal static partial void SetTailCall(nint call, int isTail);
    [LibraryImport(L, EntryPoint = "LLVMSetAlignment")] internal static partial void SetAlignment(nint inst, uint bytes);
}
