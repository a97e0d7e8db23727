namespace Vm.Jit.Llvm;

/// <summary>Linkage of a global (LLVMLinkage).</summary>
public enum Linkage
{
    External = 0,
    Internal = 8,
    Private = 9,
}

/// <summary>An LLVM module under construction. Disposing it frees it unless the JIT took ownership.</summary>
public sealed class LlvmModule : IDisposable
{
    private nint _handle;

    internal LlvmModule(LlvmContext context, string name, string triple, string dataLayout)
    {
        Context = context;
        _handle = LlvmCore.ModuleCreateWithNameInContext(name, context.Handle);
        LlvmCore.SetTarget(_handle, triple);
        LlvmCore.SetDataLayout(_handle, dataLayout);
    }

    public LlvmContext Context { get; }

    /// <summary>The ORC thread-safe context this module alone lives in (0: a context shared with other modules).</summary>
    internal nint OwnContext { get; init; }

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(LlvmModule), "the module was handed to the JIT or disposed");

    /// <summary>Declares (or returns the existing) function named <paramref name="name"/>.</summary>
    public LFunction Function(string name, LType type, Linkage linkage = Linkage.External)
    {
        var existing = LlvmCore.GetNamedFunction(Handle, name);
        if (existing != 0)
            return new LFunction(new LValue(existing), type);
        var f = LlvmCore.AddFunction(Handle, name, type.Handle);
        if (linkage != Linkage.External)
            LlvmCore.SetLinkage(f, (int)linkage);
        return new LFunction(new LValue(f), type);
    }

    public bool HasFunction(string name) => LlvmCore.GetNamedFunction(Handle, name) != 0;

    /// <summary>
    /// Replaces <paramref name="function"/> (named <paramref name="name"/>, a body left half-built) by an
    /// empty function of the same name and type: calls to it lowered earlier in the module now call the new one, instead of dangling.
    /// </summary>
    public unsafe LFunction Redefine(LFunction function, string name, LType type)
    {
        var fresh = LlvmCore.AddFunction(Handle, name + ".redefined", type.Handle);
        LlvmCore.ReplaceAllUsesWith(function.Value.Handle, fresh);
        LlvmCore.DeleteFunction(function.Value.Handle);
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        fixed (byte* p = bytes)
            LlvmCore.SetValueName(fresh, p, (nuint)bytes.Length);
        return new LFunction(new LValue(fresh), type);
    }

    public void AddFunctionAttribute(LFunction f, nint attribute) =>
        LlvmCore.AddAttributeAtIndex(f.Value.Handle, uint.MaxValue, attribute);

    /// <summary>Marks a function as managed by a GC strategy (statepoints are then placed at its calls).</summary>
    public static void SetGC(LFunction f, string strategy) => LlvmCore.SetGC(f.Value.Handle, strategy);

    public void SetPersonality(LFunction f, LValue personality) => LlvmCore.SetPersonalityFn(f.Value.Handle, personality.Handle);

    public LBlock AppendBlock(LFunction f, string name) => new(LlvmCore.AppendBasicBlock(Context.Handle, f.Value.Handle, name));

    /// <summary>Runs LLVM's verifier; returns null when the module is valid, else LLVM's report.</summary>
    public string? Verify()
    {
        var broken = LlvmCore.VerifyModule(Handle, 2, out var message);
        var text = LlvmErrors.TakeMessage(message);
        return broken != 0 ? text : null;
    }

    public override string ToString() => LlvmErrors.TakeMessage(LlvmCore.PrintModuleToString(Handle));

    /// <summary>Gives up ownership (the JIT now owns the module).</summary>
    internal nint Release()
    {
        var h = Handle;
        _handle = 0;
        return h;
    }

    public void Dispose()
    {
        if (_handle != 0)
        {
            LlvmCore.DisposeModule(_handle);
            _handle = 0;
        }
        if (OwnContext != 0)
            LlvmOrcApi.DisposeThreadSafeContext(OwnContext);
    }
}
