using System.Runtime.InteropServices;

namespace Vm.Jit.Llvm;

/// <summary>Symbol flags of ORC (LLVMJITSymbolFlags).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OrcSymbolFlags
{
    public const byte Exported = 1, Weak = 2, Callable = 4;
    public byte Generic;
    public byte Target;
}

/// <summary>LLVMOrcCSymbolMapPair: a name and an absolute address.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OrcSymbolMapPair
{
    public nint Name;
    public ulong Address;
    public OrcSymbolFlags Flags;
}

/// <summary>LLVMOrcCSymbolAliasMapPair: a name and the symbol it stands for.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OrcSymbolAliasPair
{
    public nint Name;
    public nint Aliasee;
    public OrcSymbolFlags Flags;
}

/// <summary>LLVMOrcCSymbolFlagsMapPair.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OrcSymbolFlagsPair
{
    public nint Name;
    public OrcSymbolFlags Flags;
}

/// <summary>Bindings to llvm-c/Orc.h and LLJIT.h.</summary>
internal static unsafe partial class LlvmOrcApi
{
    private const string L = LlvmLibrary.Name;
    private const StringMarshalling U = StringMarshalling.Utf8;

    [LibraryImport(L, EntryPoint = "LLVMOrcCreateLLJITBuilder")] internal static partial nint CreateLLJITBuilder();
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITBuilderSetJITTargetMachineBuilder")]
    internal static partial void LLJITBuilderSetJITTargetMachineBuilder(nint builder, nint jtmb);
    [LibraryImport(L, EntryPoint = "LLVMOrcJITTargetMachineBuilderDetectHost")]
    internal static partial nint JITTargetMachineBuilderDetectHost(out nint result);
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITBuilderSetObjectLinkingLayerCreator")]
    internal static partial void LLJITBuilderSetObjectLinkingLayerCreator(nint builder, delegate* unmanaged<nint, nint, nint, nint> creator, nint context);
    [LibraryImport(L, EntryPoint = "LLVMOrcCreateRTDyldObjectLinkingLayerWithMCJITMemoryManagerLikeCallbacks")]
    internal static partial nint CreateRTDyldObjectLinkingLayerWithMCJITMemoryManagerLikeCallbacks(nint session, nint createContextContext,
        delegate* unmanaged<nint, nint> createContext, delegate* unmanaged<nint, void> notifyTerminating,
        delegate* unmanaged<nint, nuint, uint, uint, nint, nint> allocateCode,
        delegate* unmanaged<nint, nuint, uint, uint, nint, int, nint> allocateData,
        delegate* unmanaged<nint, nint*, int> finalize, delegate* unmanaged<nint, void> destroy);
    [LibraryImport(L, EntryPoint = "LLVMOrcCreateLLJIT")] internal static partial nint CreateLLJIT(out nint result, nint builder);
    [LibraryImport(L, EntryPoint = "LLVMOrcDisposeLLJIT")] internal static partial nint DisposeLLJIT(nint jit);
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITGetExecutionSession")] internal static partial nint LLJITGetExecutionSession(nint jit);
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITGetMainJITDylib")] internal static partial nint LLJITGetMainJITDylib(nint jit);
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITGetTripleString")] internal static partial nint LLJITGetTripleString(nint jit);
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITGetDataLayoutStr")] internal static partial nint LLJITGetDataLayoutStr(nint jit);
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITGetGlobalPrefix")] internal static partial byte LLJITGetGlobalPrefix(nint jit);
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITMangleAndIntern", StringMarshalling = U)]
    internal static partial nint LLJITMangleAndIntern(nint jit, string name);
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITAddLLVMIRModule")]
    internal static partial nint LLJITAddLLVMIRModule(nint jit, nint dylib, nint tsm);
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITLookup", StringMarshalling = U)]
    internal static partial nint LLJITLookup(nint jit, out ulong address, string name);
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITGetIRTransformLayer")] internal static partial nint LLJITGetIRTransformLayer(nint jit);

    [LibraryImport(L, EntryPoint = "LLVMOrcCreateNewThreadSafeContext")] internal static partial nint CreateNewThreadSafeContext();
    [LibraryImport(L, EntryPoint = "LLVMOrcThreadSafeContextGetContext")] internal static partial nint ThreadSafeContextGetContext(nint tsc);
    [LibraryImport(L, EntryPoint = "LLVMOrcDisposeThreadSafeContext")] internal static partial void DisposeThreadSafeContext(nint tsc);
    [LibraryImport(L, EntryPoint = "LLVMOrcCreateNewThreadSafeModule")] internal static partial nint CreateNewThreadSafeModule(nint module, nint tsc);
    [LibraryImport(L, EntryPoint = "LLVMOrcDisposeThreadSafeModule")] internal static partial void DisposeThreadSafeModule(nint tsm);

    [LibraryImport(L, EntryPoint = "LLVMOrcAbsoluteSymbols")] internal static partial nint AbsoluteSymbols(OrcSymbolMapPair* pairs, nuint count);
    [LibraryImport(L, EntryPoint = "LLVMOrcJITDylibDefine")] internal static partial nint JITDylibDefine(nint dylib, nint mu);
    [LibraryImport(L, EntryPoint = "LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess")]
    internal static partial nint CreateDynamicLibrarySearchGeneratorForProcess(out nint generator, byte globalPrefix, nint filter, nint filterContext);
    [LibraryImport(L, EntryPoint = "LLVMOrcJITDylibAddGenerator")] internal static partial void JITDylibAddGenerator(nint dylib, nint generator);
    [LibraryImport(L, EntryPoint = "LLVMOrcReleaseSymbolStringPoolEntry")] internal static partial void ReleaseSymbolStringPoolEntry(nint entry);

    [LibraryImport(L, EntryPoint = "LLVMOrcCreateLocalIndirectStubsManager", StringMarshalling = U)]
    internal static partial nint CreateLocalIndirectStubsManager(string triple);
    [LibraryImport(L, EntryPoint = "LLVMOrcDisposeIndirectStubsManager")] internal static partial void DisposeIndirectStubsManager(nint ism);
    [LibraryImport(L, EntryPoint = "LLVMOrcCreateLocalLazyCallThroughManager", StringMarshalling = U)]
    internal static partial nint CreateLocalLazyCallThroughManager(string triple, nint session, ulong errorHandler, out nint lctm);
    [LibraryImport(L, EntryPoint = "LLVMOrcDisposeLazyCallThroughManager")] internal static partial void DisposeLazyCallThroughManager(nint lctm);
    [LibraryImport(L, EntryPoint = "LLVMOrcLazyReexports")]
    internal static partial nint LazyReexports(nint lctm, nint ism, nint sourceDylib, OrcSymbolAliasPair* aliases, nuint count);
    [LibraryImport(L, EntryPoint = "LLVMOrcCreateCustomMaterializationUnit", StringMarshalling = U)]
    internal static partial nint CreateCustomMaterializationUnit(string name, nint context, OrcSymbolFlagsPair* symbols, nuint count, nint initSymbol,
        delegate* unmanaged<nint, nint, void> materialize, delegate* unmanaged<nint, nint, nint, void> discard, delegate* unmanaged<nint, void> destroy);
    [LibraryImport(L, EntryPoint = "LLVMOrcIRTransformLayerEmit")] internal static partial void IRTransformLayerEmit(nint layer, nint mr, nint tsm);
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITGetObjLinkingLayer")] internal static partial nint LLJITGetObjLinkingLayer(nint jit);
    [LibraryImport(L, EntryPoint = "LLVMOrcObjectLayerEmit")] internal static partial void ObjectLayerEmit(nint layer, nint mr, nint objectBuffer);
    [LibraryImport(L, EntryPoint = "LLVMOrcLLJITAddObjectFile")] internal static partial nint LLJITAddObjectFile(nint jit, nint dylib, nint objectBuffer);
    [LibraryImport(L, EntryPoint = "LLVMOrcMaterializationResponsibilityFailMaterialization")]
    internal static partial void MaterializationResponsibilityFailMaterialization(nint mr);
    [LibraryImport(L, EntryPoint = "LLVMOrcDisposeMaterializationResponsibility")]
    internal static partial void DisposeMaterializationResponsibility(nint mr);
}
