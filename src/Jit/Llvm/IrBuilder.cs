namespace Vm.Jit.Llvm;

/// <summary>Integer comparison predicates (LLVMIntPredicate).</summary>
public enum IntPredicate { Eq = 32, Ne, Ugt, Uge, Ult, Ule, Sgt, Sge, Slt, Sle }

/// <summary>Floating-point comparison predicates (LLVMRealPredicate).</summary>
public enum RealPredicate { False = 0, Oeq, Ogt, Oge, Olt, Ole, One, Ord, Uno, Ueq, Ugt, Uge, Ult, Ule, Une, True }

/// <summary>Builds instructions at the end of a block: a typed front for LLVM's IRBuilder.</summary>
public sealed unsafe class IrBuilder : IDisposable
{
    private nint _b;
    private readonly LlvmContext _c;

    public IrBuilder(LlvmContext context)
    {
        _c = context;
        _b = LlvmBuilderApi.Create(context.Handle);
    }

    public LlvmContext Context => _c;

    public void PositionAtEnd(LBlock block) => LlvmBuilderApi.PositionAtEnd(_b, block.Handle);

    /// <summary>Positions before the terminator of a block that has one (else at its end).</summary>
    public void PositionBeforeTerminator(LBlock block)
    {
        var terminator = LlvmCore.GetBasicBlockTerminator(block.Handle);
        if (terminator == 0)
            LlvmBuilderApi.PositionAtEnd(_b, block.Handle);
        else
            LlvmBuilderApi.PositionBefore(_b, terminator);
    }

    public LBlock CurrentBlock => new(LlvmBuilderApi.GetInsertBlock(_b));

    // Control flow
    public void Ret(LValue v) => LlvmBuilderApi.Ret(_b, v.Handle);
    public void RetVoid() => LlvmBuilderApi.RetVoid(_b);
    public void Br(LBlock dest) => LlvmBuilderApi.Br(_b, dest.Handle);
    public void CondBr(LValue cond, LBlock then, LBlock otherwise) => LlvmBuilderApi.CondBr(_b, cond.Handle, then.Handle, otherwise.Handle);
    public void Unreachable() => LlvmBuilderApi.Unreachable(_b);

    public void Switch(LValue value, LBlock otherwise, IReadOnlyList<(long Value, LBlock Dest)> cases)
    {
        var sw = LlvmBuilderApi.Switch(_b, value.Handle, otherwise.Handle, (uint)cases.Count);
        var type = value.Type;
        foreach (var (v, d) in cases)
            LlvmBuilderApi.AddCase(sw, _c.ConstInt(type, v).Handle, d.Handle);
    }

    public LValue Call(LFunction f, ReadOnlySpan<LValue> args, string name = "") => Call(f.Type, f.Value, args, name);

    public LValue Call(LType fnType, LValue fn, ReadOnlySpan<LValue> args, string name = "")
    {
        var handles = stackalloc nint[Math.Max(1, args.Length)];
        for (var i = 0; i < args.Length; i++)
            handles[i] = args[i].Handle;
        return new(LlvmBuilderApi.Call2(_b, fnType.Handle, fn.Handle, handles, (uint)args.Length, name));
    }

    public LValue Invoke(LType fnType, LValue fn, ReadOnlySpan<LValue> args, LBlock normal, LBlock unwind, string name = "")
    {
        var handles = stackalloc nint[Math.Max(1, args.Length)];
        for (var i = 0; i < args.Length; i++)
            handles[i] = args[i].Handle;
        return new(LlvmBuilderApi.Invoke2(_b, fnType.Handle, fn.Handle, handles, (uint)args.Length, normal.Handle, unwind.Handle, name));
    }

    /// <summary>
    /// A landing pad that catches everything (catch-all clause). Its value is a token: the thrown value
    /// travels in the thread context, and statepoints accept only token landing pads.
    /// </summary>
    public LValue LandingPadCatchAll(LValue personality)
    {
        var pad = LlvmBuilderApi.LandingPad(_b, _c.Token.Handle, personality.Handle, 1, "lpad");
        LlvmBuilderApi.AddClause(pad, _c.Null(_c.Ptr).Handle);
        return new(pad);
    }

    public LValue ExtractValue(LValue aggregate, int index) => new(LlvmBuilderApi.ExtractValue(_b, aggregate.Handle, (uint)index, ""));

    /// <summary>Attaches a string attribute to a call or invoke (e.g. "statepoint-id").</summary>
    public void SetCallAttribute(LValue call, string key, string value) =>
        LlvmCore.AddCallSiteAttribute(call.Handle, uint.MaxValue, _c.StringAttribute(key, value));

    /// <summary>The address of the current function's frame (llvm.frameaddress(0)); with frame pointers kept, its saved-RBP slot.</summary>
    public LValue FrameAddress(LlvmModule module)
    {
        var f = module.Function("llvm.frameaddress.p0", _c.Function(_c.Ptr, [_c.I32]));
        return Call(f, [_c.ConstInt(_c.I32, 0)]);
    }

    // Arithmetic
    public LValue Add(LValue l, LValue r) => new(LlvmBuilderApi.Add(_b, l.Handle, r.Handle, ""));
    public LValue Sub(LValue l, LValue r) => new(LlvmBuilderApi.Sub(_b, l.Handle, r.Handle, ""));
    public LValue Mul(LValue l, LValue r) => new(LlvmBuilderApi.Mul(_b, l.Handle, r.Handle, ""));
    public LValue SDiv(LValue l, LValue r) => new(LlvmBuilderApi.SDiv(_b, l.Handle, r.Handle, ""));
    public LValue UDiv(LValue l, LValue r) => new(LlvmBuilderApi.UDiv(_b, l.Handle, r.Handle, ""));
    public LValue SRem(LValue l, LValue r) => new(LlvmBuilderApi.SRem(_b, l.Handle, r.Handle, ""));
    public LValue URem(LValue l, LValue r) => new(LlvmBuilderApi.URem(_b, l.Handle, r.Handle, ""));
    public LValue Shl(LValue l, LValue r) => new(LlvmBuilderApi.Shl(_b, l.Handle, r.Handle, ""));
    public LValue AShr(LValue l, LValue r) => new(LlvmBuilderApi.AShr(_b, l.Handle, r.Handle, ""));
    public LValue LShr(LValue l, LValue r) => new(LlvmBuilderApi.LShr(_b, l.Handle, r.Handle, ""));
    public LValue And(LValue l, LValue r) => new(LlvmBuilderApi.And(_b, l.Handle, r.Handle, ""));
    public LValue Or(LValue l, LValue r) => new(LlvmBuilderApi.Or(_b, l.Handle, r.Handle, ""));
    public LValue Xor(LValue l, LValue r) => new(LlvmBuilderApi.Xor(_b, l.Handle, r.Handle, ""));
    public LValue FAdd(LValue l, LValue r) => new(LlvmBuilderApi.FAdd(_b, l.Handle, r.Handle, ""));
    public LValue FSub(LValue l, LValue r) => new(LlvmBuilderApi.FSub(_b, l.Handle, r.Handle, ""));
    public LValue FMul(LValue l, LValue r) => new(LlvmBuilderApi.FMul(_b, l.Handle, r.Handle, ""));
    public LValue FDiv(LValue l, LValue r) => new(LlvmBuilderApi.FDiv(_b, l.Handle, r.Handle, ""));
    public LValue FRem(LValue l, LValue r) => new(LlvmBuilderApi.FRem(_b, l.Handle, r.Handle, ""));
    public LValue Neg(LValue v) => new(LlvmBuilderApi.Neg(_b, v.Handle, ""));
    public LValue Not(LValue v) => new(LlvmBuilderApi.Not(_b, v.Handle, ""));

    // Memory
    public LValue Alloca(LType type, string name = "") => new(LlvmBuilderApi.Alloca(_b, type.Handle, name));
    public LValue Load(LType type, LValue ptr, string name = "") => new(LlvmBuilderApi.Load2(_b, type.Handle, ptr.Handle, name));
    public void Store(LValue value, LValue ptr) => LlvmBuilderApi.Store(_b, value.Handle, ptr.Handle);

    /// <summary>Address <paramref name="ptr"/> + <paramref name="byteOffset"/> (a byte GEP).</summary>
    public LValue ByteOffset(LValue ptr, LValue byteOffset)
    {
        var idx = byteOffset.Handle;
        return new(LlvmBuilderApi.Gep2(_b, _c.I8.Handle, ptr.Handle, &idx, 1, ""));
    }

    public LValue ByteOffset(LValue ptr, long byteOffset) =>
        byteOffset == 0 ? ptr : ByteOffset(ptr, _c.ConstInt(_c.I64, byteOffset));

    /// <summary>Address of element <paramref name="index"/> of an array of <paramref name="elementType"/> at <paramref name="ptr"/>.</summary>
    public LValue ElementAddress(LType elementType, LValue ptr, LValue index)
    {
        var idx = index.Handle;
        return new(LlvmBuilderApi.Gep2(_b, elementType.Handle, ptr.Handle, &idx, 1, ""));
    }

    // Conversions
    public LValue Trunc(LValue v, LType t) => new(LlvmBuilderApi.Trunc(_b, v.Handle, t.Handle, ""));
    public LValue ZExt(LValue v, LType t) => new(LlvmBuilderApi.ZExt(_b, v.Handle, t.Handle, ""));
    public LValue SExt(LValue v, LType t) => new(LlvmBuilderApi.SExt(_b, v.Handle, t.Handle, ""));
    public LValue FPToSI(LValue v, LType t) => new(LlvmBuilderApi.FPToSI(_b, v.Handle, t.Handle, ""));
    public LValue SIToFP(LValue v, LType t) => new(LlvmBuilderApi.SIToFP(_b, v.Handle, t.Handle, ""));
    public LValue UIToFP(LValue v, LType t) => new(LlvmBuilderApi.UIToFP(_b, v.Handle, t.Handle, ""));
    public LValue FPTrunc(LValue v, LType t) => new(LlvmBuilderApi.FPTrunc(_b, v.Handle, t.Handle, ""));
    public LValue FPExt(LValue v, LType t) => new(LlvmBuilderApi.FPExt(_b, v.Handle, t.Handle, ""));
    public LValue PtrToInt(LValue v, LType t) => new(LlvmBuilderApi.PtrToInt(_b, v.Handle, t.Handle, ""));
    public LValue IntToPtr(LValue v, LType t) => new(LlvmBuilderApi.IntToPtr(_b, v.Handle, t.Handle, ""));
    public LValue BitCast(LValue v, LType t) => new(LlvmBuilderApi.BitCast(_b, v.Handle, t.Handle, ""));
    public LValue AddrSpaceCast(LValue v, LType t) => new(LlvmBuilderApi.AddrSpaceCast(_b, v.Handle, t.Handle, ""));

    /// <summary>Converts between raw and collected pointers (address-space cast); other values pass through.</summary>
    public LValue CoercePointer(LValue v, LType target) =>
        v.Type == target || !(target == _c.Ptr || target == _c.GcPtr) || !(v.Type == _c.Ptr || v.Type == _c.GcPtr) ? v : AddrSpaceCast(v, target);

    // Comparisons and selection
    public LValue ICmp(IntPredicate p, LValue l, LValue r) => new(LlvmBuilderApi.ICmp(_b, (int)p, l.Handle, r.Handle, ""));
    public LValue FCmp(RealPredicate p, LValue l, LValue r) => new(LlvmBuilderApi.FCmp(_b, (int)p, l.Handle, r.Handle, ""));
    public LValue Select(LValue cond, LValue then, LValue otherwise) => new(LlvmBuilderApi.Select(_b, cond.Handle, then.Handle, otherwise.Handle, ""));
    public LValue IsNull(LValue ptr) => ICmp(IntPredicate.Eq, ptr, _c.Null(ptr.Type));
    public LValue IsNotNull(LValue ptr) => ICmp(IntPredicate.Ne, ptr, _c.Null(ptr.Type));

    public LValue Phi(LType type, ReadOnlySpan<(LValue Value, LBlock From)> incoming)
    {
        var phi = LlvmBuilderApi.Phi(_b, type.Handle, "");
        var values = stackalloc nint[Math.Max(1, incoming.Length)];
        var blocks = stackalloc nint[Math.Max(1, incoming.Length)];
        for (var i = 0; i < incoming.Length; i++)
        {
            values[i] = incoming[i].Value.Handle;
            blocks[i] = incoming[i].From.Handle;
        }
        LlvmBuilderApi.AddIncoming(phi, values, blocks, (uint)incoming.Length);
        return new(phi);
    }

    public void Dispose()
    {
        if (_b != 0)
        {
            LlvmBuilderApi.Dispose(_b);
            _b = 0;
        }
    }
}
