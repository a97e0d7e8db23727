using System.Runtime.InteropServices;

namespace Vm.Jit.Llvm;

/// <summary>Bindings to llvm-c/Core.h and Analysis.h: contexts, modules, types, values, attributes (only what is used).</summary>
internal static unsafe partial class LlvmCore
{
    private const string L = LlvmLibrary.Name;

    [LibraryImport(L, EntryPoint = "LLVMGetVersion")]
    internal static partial void GetVersion(out uint major, out uint minor, out uint patch);

    [LibraryImport(L, EntryPoint = "LLVMDisposeMessage")]
    internal static partial void DisposeMessage(nint message);

    // Modules
    [LibraryImport(L, EntryPoint = "LLVMModuleCreateWithNameInContext", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint ModuleCreateWithNameInContext(string name, nint context);
    [LibraryImport(L, EntryPoint = "LLVMDisposeModule")]
    internal static partial void DisposeModule(nint module);
    [LibraryImport(L, EntryPoint = "LLVMSetDataLayout", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void SetDataLayout(nint module, string layout);
    [LibraryImport(L, EntryPoint = "LLVMSetTarget", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void SetTarget(nint module, string triple);
    [LibraryImport(L, EntryPoint = "LLVMPrintModuleToString")]
    internal static partial nint PrintModuleToString(nint module);
    [LibraryImport(L, EntryPoint = "LLVMPrintValueToString")]
    internal static partial nint PrintValueToString(nint value);
    [LibraryImport(L, EntryPoint = "LLVMVerifyModule")]
    internal static partial int VerifyModule(nint module, int action, out nint message);
    [LibraryImport(L, EntryPoint = "LLVMGetNamedFunction", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GetNamedFunction(nint module, string name);
    [LibraryImport(L, EntryPoint = "LLVMAddFunction", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint AddFunction(nint module, string name, nint functionType);
    [LibraryImport(L, EntryPoint = "LLVMDeleteFunction")]
    internal static partial void DeleteFunction(nint function);
    [LibraryImport(L, EntryPoint = "LLVMReplaceAllUsesWith")]
    internal static partial void ReplaceAllUsesWith(nint oldValue, nint newValue);
    [LibraryImport(L, EntryPoint = "LLVMAddGlobal", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint AddGlobal(nint module, nint type, string name);
    [LibraryImport(L, EntryPoint = "LLVMSetInitializer")]
    internal static partial void SetInitializer(nint global, nint value);
    [LibraryImport(L, EntryPoint = "LLVMSetGlobalConstant")]
    internal static partial void SetGlobalConstant(nint global, int isConstant);

    // Types
    [LibraryImport(L, EntryPoint = "LLVMInt1TypeInContext")] internal static partial nint Int1Type(nint c);
    [LibraryImport(L, EntryPoint = "LLVMInt8TypeInContext")] internal static partial nint Int8Type(nint c);
    [LibraryImport(L, EntryPoint = "LLVMInt16TypeInContext")] internal static partial nint Int16Type(nint c);
    [LibraryImport(L, EntryPoint = "LLVMInt32TypeInContext")] internal static partial nint Int32Type(nint c);
    [LibraryImport(L, EntryPoint = "LLVMInt64TypeInContext")] internal static partial nint Int64Type(nint c);
    [LibraryImport(L, EntryPoint = "LLVMFloatTypeInContext")] internal static partial nint FloatType(nint c);
    [LibraryImport(L, EntryPoint = "LLVMDoubleTypeInContext")] internal static partial nint DoubleType(nint c);
    [LibraryImport(L, EntryPoint = "LLVMVoidTypeInContext")] internal static partial nint VoidType(nint c);
    [LibraryImport(L, EntryPoint = "LLVMTokenTypeInContext")] internal static partial nint TokenType(nint c);
    [LibraryImport(L, EntryPoint = "LLVMPointerTypeInContext")] internal static partial nint PointerType(nint c, uint addressSpace);
    [LibraryImport(L, EntryPoint = "LLVMFunctionType")]
    internal static partial nint FunctionType(nint returnType, nint* paramTypes, uint paramCount, int isVarArg);
    [LibraryImport(L, EntryPoint = "LLVMStructTypeInContext")]
    internal static partial nint StructType(nint c, nint* elementTypes, uint count, int packed);
    [LibraryImport(L, EntryPoint = "LLVMTypeOf")] internal static partial nint TypeOf(nint value);
    [LibraryImport(L, EntryPoint = "LLVMGetReturnType")] internal static partial nint GetReturnType(nint functionType);
    [LibraryImport(L, EntryPoint = "LLVMCountParamTypes")] internal static partial uint CountParamTypes(nint functionType);
    [LibraryImport(L, EntryPoint = "LLVMGetParamTypes")] internal static partial void GetParamTypes(nint functionType, nint* dest);
    [LibraryImport(L, EntryPoint = "LLVMGlobalGetValueType")] internal static partial nint GlobalGetValueType(nint global);

    // Constants and values
    [LibraryImport(L, EntryPoint = "LLVMConstInt")] internal static partial nint ConstInt(nint type, ulong value, int signExtend);
    [LibraryImport(L, EntryPoint = "LLVMConstReal")] internal static partial nint ConstReal(nint type, double value);
    [LibraryImport(L, EntryPoint = "LLVMConstNull")] internal static partial nint ConstNull(nint type);
    [LibraryImport(L, EntryPoint = "LLVMConstIntToPtr")] internal static partial nint ConstIntToPtr(nint value, nint type);
    [LibraryImport(L, EntryPoint = "LLVMGetUndef")] internal static partial nint GetUndef(nint type);
    [LibraryImport(L, EntryPoint = "LLVMGetParam")] internal static partial nint GetParam(nint function, uint index);
    [LibraryImport(L, EntryPoint = "LLVMSetLinkage")] internal static partial void SetLinkage(nint global, int linkage);
    [LibraryImport(L, EntryPoint = "LLVMSetValueName2")] internal static partial void SetValueName(nint value, byte* name, nuint length);
    [LibraryImport(L, EntryPoint = "LLVMSetPersonalityFn")] internal static partial void SetPersonalityFn(nint function, nint personality);
    [LibraryImport(L, EntryPoint = "LLVMSetGC", StringMarshalling = StringMarshalling.Utf8)] internal static partial void SetGC(nint function, string name);

    // Attributes
    [LibraryImport(L, EntryPoint = "LLVMGetEnumAttributeKindForName")]
    internal static partial uint GetEnumAttributeKindForName(byte* name, nuint length);
    [LibraryImport(L, EntryPoint = "LLVMCreateEnumAttribute")]
    internal static partial nint CreateEnumAttribute(nint c, uint kind, ulong value);
    [LibraryImport(L, EntryPoint = "LLVMCreateStringAttribute")]
    internal static partial nint CreateStringAttribute(nint c, byte* key, uint keyLength, byte* value, uint valueLength);
    [LibraryImport(L, EntryPoint = "LLVMAddAttributeAtIndex")]
    internal static partial void AddAttributeAtIndex(nint function, uint index, nint attribute);
    [LibraryImport(L, EntryPoint = "LLVMAddCallSiteAttribute")]
    internal static partial void AddCallSiteAttribute(nint call, uint index, nint attribute);

    // Basic blocks
    [LibraryImport(L, EntryPoint = "LLVMAppendBasicBlockInContext", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint AppendBasicBlock(nint c, nint function, string name);
    [LibraryImport(L, EntryPoint = "LLVMGetBasicBlockTerminator")]
    internal static partial nint GetBasicBlockTerminator(nint block);
}
