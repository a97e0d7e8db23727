using System.Runtime.InteropServices;

namespace Vm.Jit.Llvm;

/// <summary>
/// The RTDyld object linking layer with <see cref="JitMemory"/> behind LLVM's MCJIT-style memory
/// manager callbacks. (The default JITLink layer places sections independently and can put a module's
/// unwind table out of 32-bit reach of its personality pointer; one contiguous region cannot.)
/// </summary>
internal static unsafe class JitMemoryCallbacks
{
    /// <summary>Installs the layer creator on an LLJIT builder; <paramref name="memory"/> must outlive the JIT.</summary>
    public static void Install(nint builder, GCHandle memory) =>
        LlvmOrcApi.LLJITBuilderSetObjectLinkingLayerCreator(builder, &CreateLayer, GCHandle.ToIntPtr(memory));

    private static JitMemory Memory(nint handle) => (JitMemory)GCHandle.FromIntPtr(handle).Target!;

    private sealed class ObjectContext(JitMemory memory)
    {
        public JitMemory Memory { get; } = memory;
        public JitMemory.ObjectCode Code { get; } = new();
    }

    private static ObjectContext Object(nint handle) => (ObjectContext)GCHandle.FromIntPtr(handle).Target!;

    [UnmanagedCallersOnly]
    private static nint CreateLayer(nint context, nint session, nint triple) =>
        LlvmOrcApi.CreateRTDyldObjectLinkingLayerWithMCJITMemoryManagerLikeCallbacks(session, context,
            &CreateContext, &NotifyTerminating, &AllocateCode, &AllocateData, &FinalizeMemory, &Destroy);

    // One memory manager per object; all of them share the JIT's region.
    [UnmanagedCallersOnly]
    private static nint CreateContext(nint context) => GCHandle.ToIntPtr(GCHandle.Alloc(new ObjectContext(Memory(context))));

    [UnmanagedCallersOnly]
    private static void NotifyTerminating(nint context)
    {
    }

    [UnmanagedCallersOnly]
    private static nint AllocateCode(nint context, nuint size, uint alignment, uint sectionId, nint name)
    {
        try
        {
            var o = Object(context);
            return o.Memory.AllocateCode(o.Code, (long)size, (int)alignment);
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    private static nint AllocateData(nint context, nuint size, uint alignment, uint sectionId, nint name, int readOnly)
    {
        try
        {
            var o = Object(context);
            return o.Memory.AllocateData(o.Code, (long)size, (int)alignment, Marshal.PtrToStringUTF8(name) ?? "");
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    private static int FinalizeMemory(nint context, nint* errorMessage)
    {
        try
        {
            var o = Object(context);
            o.Memory.SealCode(o.Code);
            return 0;
        }
        catch (Exception)
        {
            return 1;
        }
    }

    // Code stays until the JIT is disposed; only the per-object bookkeeping goes.
    [UnmanagedCallersOnly]
    private static void Destroy(nint context) => GCHandle.FromIntPtr(context).Free();
}
