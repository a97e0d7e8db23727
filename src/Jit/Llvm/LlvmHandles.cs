namespace Vm.Jit.Llvm;

/// <summary>An LLVM type (LLVMTypeRef); owned by its context.</summary>
public readonly record struct LType(nint Handle)
{
    public bool IsNull => Handle == 0;

    /// <summary>A function type's result type.</summary>
    public LType ReturnType => new(LlvmCore.GetReturnType(Handle));

    /// <summary>A function type's parameter types.</summary>
    public unsafe LType[] ParamTypes
    {
        get
        {
            var n = LlvmCore.CountParamTypes(Handle);
            var handles = new nint[n];
            fixed (nint* p = handles)
                LlvmCore.GetParamTypes(Handle, p);
            return handles.Select(h => new LType(h)).ToArray();
        }
    }
}

/// <summary>An LLVM value (LLVMValueRef): instruction, constant, function or argument; owned by its module.</summary>
public readonly record struct LValue(nint Handle)
{
    public bool IsNull => Handle == 0;
    public LType Type => new(LlvmCore.TypeOf(Handle));
    public override string ToString() => LlvmErrors.TakeMessage(LlvmCore.PrintValueToString(Handle));
}

/// <summary>An LLVM basic block (LLVMBasicBlockRef).</summary>
public readonly record struct LBlock(nint Handle)
{
    /// <summary>True when the block already ends with a terminator instruction.</summary>
    public bool IsTerminated => LlvmCore.GetBasicBlockTerminator(Handle) != 0;
}

/// <summary>A function being built: its value and its type (needed for calls through LLVM's opaque pointers).</summary>
public readonly record struct LFunction(LValue Value, LType Type)
{
    public LValue Param(int index) => new(LlvmCore.GetParam(Value.Handle, (uint)index));
}
