using Vm.Frontend.Bytecode;
using Vm.Frontend.Cfg;
using Vm.Frontend.Model;
using Vm.Jit.Llvm;
using Vm.Runtime.Threading;

namespace Vm.Jit.Lowering;

/// <summary>
/// Lowers one HL function to one LLVM function: every register is a stack slot (promoted to SSA by
/// LLVM's mem2reg), every reachable CFG block an LLVM block, every instruction a few LLVM instructions
/// or a runtime call. The function takes the thread context first, then the HL arguments.
/// </summary>
internal sealed partial class FunctionLowerer
{
    private readonly ModuleLowering _m;
    private readonly HlFunction _f;
    private readonly ControlFlowGraph _cfg;
    private readonly IrBuilder _b;
    private readonly LlvmContext _c;
    private readonly LFunction _fn;
    private readonly LValue[] _regs;
    private readonly LBlock[] _blocks;
    private LValue _ctx;
    private LValue _frame;
    private int _pc;

    private FunctionLowerer(ModuleLowering m, HlFunction f, ControlFlowGraph cfg, LFunction fn, IrBuilder b)
    {
        _m = m;
        _f = f;
        _cfg = cfg;
        _b = b;
        _c = m.Context;
        _fn = fn;
        _regs = new LValue[f.Registers.Count];
        _blocks = new LBlock[cfg.Blocks.Count];
    }

    /// <summary>
    /// Defines <paramref name="symbol"/> in the module as the lowering of <paramref name="f"/>. When an
    /// instruction cannot be lowered yet, the body instead raises "not supported yet: OP in NAME".
    /// Returns the reason in that case, null on success.
    /// </summary>
    public static string? Lower(ModuleLowering m, HlFunction f, string symbol)
    {
        var type = m.Types.HlFunction(f.Signature);
        var fn = m.Module.Function(symbol, type);
        using var b = new IrBuilder(m.Context);
        try
        {
            var cfg = CfgBuilder.Build(f);
            new FunctionLowerer(m, f, cfg, fn, b).LowerBody();
            return null;
        }
        catch (UnsupportedOpcodeException e)
        {
            var reason = $"not supported yet: {e.Message} in {f.Name}";
            RecreateAsError(m, fn, symbol, type, b, reason, f.FunctionIndex);
            return reason;
        }
        catch (Frontend.Verification.BytecodeVerificationException e)
        {
            RecreateAsError(m, fn, symbol, type, b, e.Message, f.FunctionIndex);
            return e.Message;
        }
    }

    private static void RecreateAsError(ModuleLowering m, LFunction partial, string symbol, LType type, IrBuilder b, string message, int findex)
    {
        // Calls to it lowered earlier in the same module (eager compilation) must follow: redefined, not deleted.
        var fn = m.Module.Redefine(partial, symbol, type);
        SetFunctionAttributes(m, fn);
        b.PositionAtEnd(m.Module.AppendBlock(fn, "entry"));
        var text = m.Runtime.Strings.PermanentUtf16(message);
        var (raise, _) = m.Helper("rt_raise_message");
        b.Call(raise, [b.CoercePointer(m.Context.ConstPointer(text), m.Context.GcPtr)]);
        var call = b.Call(m.Support(Abi.Symbols.RaisePending), [fn.Param(0)]);
        b.SetCallAttribute(call, "statepoint-id", Runtime.Debugging.CallSites.SiteId(findex, 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.Unreachable();
    }

    private static void SetFunctionAttributes(ModuleLowering m, LFunction fn)
    {
        var c = m.Context;
        // Frame pointers stay and calls stay calls: stack walks (exception stacks, later the GC) step
        // from frame to frame and find each call site's return address in the stack maps.
        m.Module.AddFunctionAttribute(fn, c.StringAttribute("frame-pointer", "all"));
        m.Module.AddFunctionAttribute(fn, c.StringAttribute("disable-tail-calls", "true"));
        // Each HL function keeps its own frame so stack traces list every HL call, as HashLink's do.
        m.Module.AddFunctionAttribute(fn, c.EnumAttribute("noinline"));
        LlvmModule.SetGC(fn, Abi.Symbols.GcStrategy);
    }

    private void LowerBody()
    {
        SetFunctionAttributes(_m, _fn);
        var entry = _m.Module.AppendBlock(_fn, "entry");
        _entry = entry;
        foreach (var block in _cfg.Blocks)
            if (block.IsReachable)
                _blocks[block.Id] = _m.Module.AppendBlock(_fn, $"b{block.Id}");

        _loopHeads = _cfg.RetreatingEdges.Select(e => e.To.Id).ToHashSet();
        _b.PositionAtEnd(entry);
        _ctx = _fn.Param(0);
        _frame = _b.FrameAddress(_m.Module);
        // A reference register whose address is taken lives in a heap box: a stack slot would hide the
        // reference from the stack maps. The box pointer is an SSA value, relocated at every safepoint.
        _boxed = _f.Instructions.Where(i => i.Opcode == Opcode.Ref && _f.Registers[i.B].Kind.IsPointer()).Select(i => i.B).ToHashSet();
        for (var r = 0; r < _regs.Length; r++)
            if (!HlTypeMapIsVoid(r))
                _regs[r] = _boxed.Contains(r) ? CallHelper("rt_new_register_box") : _b.Alloca(_m.Types.Of(_f.Registers[r]), $"r{r}");
        for (var a = 0; a < _f.Signature.Args.Count; a++)
            if (!HlTypeMapIsVoid(a))
                Store(a, _fn.Param(a + 1));
        // Only unbounded work needs a poll: cycles (polled at loop headers) and call chains (polled at the
        // entries of functions that call). A leaf function without loops ends in bounded time, and an
        // entry poll there would cost small hot methods a frame and a branch (Richards: +20%).
        if (MakesCalls())
        {
            CheckStack();
            PollSafepoint();
        }
        _b.Br(_blocks[_cfg.Entry.Id]);

        foreach (var block in _cfg.Blocks)
        {
            if (!block.IsReachable)
                continue;
            _b.PositionAtEnd(_blocks[block.Id]);
            _pc = block.Start;
            // Every cycle goes through a loop header: polling there bounds the time to the next safepoint.
            if (_loopHeads.Contains(block.Id))
                PollSafepoint();
            for (_pc = block.Start; _pc < block.End; _pc++)
                LowerInstruction(_f.Instructions[_pc]);
            if (!_b.CurrentBlock.IsTerminated)
            {
                // Fell off the block's last instruction: continue with the next block.
                var next = _cfg.Blocks[block.Id + 1];
                _b.Br(_blocks[next.Id]);
            }
        }
    }

    // Runaway recursion raises "Stack overflow" instead of crashing; only functions that call can recurse.
    private void CheckStack()
    {
        var limit = _b.Load(_c.Ptr, At(_ctx, ThreadContextData.StackLimitOffset));
        var overflow = _m.Module.AppendBlock(_fn, "stackoverflow");
        var ok = _m.Module.AppendBlock(_fn, "stackok");
        _b.CondBr(_b.ICmp(IntPredicate.Ult, _frame, limit), overflow, ok);
        _b.PositionAtEnd(overflow);
        var call = _b.Call(_m.Support(Abi.Symbols.StackOverflow), [_ctx]);
        _b.SetCallAttribute(call, "statepoint-id", Runtime.Debugging.CallSites.SiteId(_f.FunctionIndex, 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _b.Unreachable();
        _b.PositionAtEnd(ok);
    }

    private HashSet<int> _loopHeads = [];

    /// <summary>
    /// A safepoint poll: one load and a predictable branch; the cold call is a statepoint, so the
    /// collector can find (and move) this frame's references while it is stopped there.
    /// </summary>
    private void PollSafepoint()
    {
        var flag = _b.Load(_c.I32, At(_ctx, ThreadContextData.SafepointRequestedOffset));
        var stop = _m.Module.AppendBlock(_fn, $"safepoint.{_pc}");
        var go = _m.Module.AppendBlock(_fn, $"continue.{_pc}");
        _b.CondBr(_b.ICmp(IntPredicate.Ne, flag, I32(0)), stop, go);
        _b.PositionAtEnd(stop);
        var call = _b.Call(_m.SafepointFunction(), [_ctx]);
        _b.SetCallAttribute(call, "statepoint-id", SiteId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _b.Br(go);
        _b.PositionAtEnd(go);
    }

    private bool MakesCalls() => _f.Instructions.Any(i =>
        i.Opcode is >= Opcode.Call0 and <= Opcode.CallClosure or Opcode.New or Opcode.ToVirtual or Opcode.DynGet or Opcode.DynSet);

    private bool HlTypeMapIsVoid(int register) => _f.Registers[register].Kind == TypeKind.Void;

    // ---- registers ----

    private HlType RegType(int r) => _f.Registers[r];

    private LType RegLType(int r) => _m.Types.Of(_f.Registers[r]);

    private LValue Load(int r) =>
        HlTypeMapIsVoid(r) ? _c.Undef(_c.I8) : _b.Load(RegLType(r), _regs[r]);

    private void Store(int r, LValue v)
    {
        if (HlTypeMapIsVoid(r))
            return;
        if (_boxed.Contains(r))
            StoreReference(_b.CoercePointer(v, RegLType(r)), _regs[r]);
        else
            _b.Store(_b.CoercePointer(v, RegLType(r)), _regs[r]);
    }

    /// <summary>Reference registers stored in a heap box (their address is taken).</summary>
    private HashSet<int> _boxed = [];

    // ---- blocks ----

    private LBlock BlockAt(int instruction) => _blocks[_cfg.BlockAt(instruction).Id];

    private LBlock JumpTarget(int offset) => BlockAt(_pc + 1 + offset);

    private LBlock NextBlock() => BlockAt(_pc + 1);

    /// <summary>A fresh block placed after the current ones (for branches inside one instruction).</summary>
    private LBlock NewBlock(string name) => _m.Module.AppendBlock(_fn, $"{name}.{_pc}");

    // ---- errors and checks ----

    private UnsupportedOpcodeException Unsupported(string detail = "") =>
        new(OpcodeTable.Get(_f.Instructions[_pc].Opcode).Name + (detail.Length > 0 ? " " + detail : ""));

    /// <summary>Raises "Null access" when <paramref name="ptr"/> is null.</summary>
    private void NullCheck(LValue ptr)
    {
        var fail = NewBlock("null");
        var ok = NewBlock("nonnull");
        _b.CondBr(_b.IsNull(ptr), fail, ok);
        _b.PositionAtEnd(fail);
        CallNoReturn(Abi.Symbols.NullAccess);
        _b.PositionAtEnd(ok);
    }

    /// <summary>After a native or helper call: raises the exception it left pending, if any.</summary>
    private void CheckPending()
    {
        var flag = _b.Load(_c.I32, _b.ByteOffset(_ctx, ThreadContextData.PendingExceptionOffset));
        var raise = NewBlock("pending");
        var ok = NewBlock("ok");
        _b.CondBr(_b.ICmp(IntPredicate.Ne, flag, _c.ConstInt(_c.I32, 0)), raise, ok);
        _b.PositionAtEnd(raise);
        CallNoReturn(Abi.Symbols.RaisePending);
        _b.PositionAtEnd(ok);
    }

    /// <summary>
    /// Calls a runtime helper, then raises what it left pending when it may raise. Helpers never collect.
    /// Raw addresses are never cast into references: the statepoint rewriting cannot find bases through
    /// such casts.
    /// </summary>
    private LValue CallHelper(string name, params LValue[] args)
    {
        var (fn, helper) = _m.Helper(name);
        var parameters = helper.Method.GetParameters();
        for (var i = 0; i < args.Length && i < parameters.Length; i++)
            args[i] = _b.CoercePointer(args[i], parameters[i].ParameterType.IsPointer ? _c.Ptr : _c.GcPtr);
        if (helper.MayRaise)
            RecordNativeCall();
        var result = helper.CallbacksMayMoveObjects ? CallThroughShim(fn, name, args) : _b.Call(fn, args);
        if (helper.MayRaise)
            CheckPending();
        return result;
    }

    /// <summary>
    /// Calls a native or helper whose callbacks may move objects through its callback shim: the call is a
    /// statepoint, so this frame's references are found and updated by a collection inside the callback.
    /// </summary>
    private LValue CallThroughShim(LFunction target, string name, LValue[] args)
    {
        var call = _b.Call(_m.CallbackShim(target, name), [_ctx, .. args]);
        _b.SetCallAttribute(call, "statepoint-id", SiteId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return call;
    }

    /// <summary>
    /// Before calling C# that may call back into HL code: where this frame is and which call it makes,
    /// so a stack walk from the callback can step over the C# frames.
    /// </summary>
    private void RecordNativeCall()
    {
        _b.Store(_frame, At(_ctx, ThreadContextData.NativeFrameOffset));
        _b.Store(I64(SiteId), At(_ctx, ThreadContextData.NativeSiteOffset));
    }

    /// <summary>The call-site id of the current instruction.</summary>
    private long SiteId => Runtime.Debugging.CallSites.SiteId(_f.FunctionIndex, _pc);

    private LValue I32(long v) => _c.ConstInt(_c.I32, v);
    private LValue I64(long v) => _c.ConstInt(_c.I64, v);
    private LValue Ptr(nint address) => _c.ConstPointer(address);

    /// <summary>A permanent object (type descriptor, constant) as a value of an HL register.</summary>
    private LValue GcConstant(nint address) => _b.CoercePointer(_c.ConstPointer(address), _c.GcPtr);

    /// <summary>A copy of a register in a fresh stack slot, for helpers that take a value by address (the register itself stays promotable to SSA).</summary>
    private LValue SpillCopy(int r)
    {
        var slot = EntryAlloca(RegLType(r), $"copy.r{r}");
        _b.Store(Load(r), slot);
        return slot;
    }

    private LBlock _entry;

    /// <summary>
    /// A stack slot made in the entry block: an alloca elsewhere (in a loop) would be dynamic and grow
    /// the stack at every iteration.
    /// </summary>
    private LValue EntryAlloca(LType type, string name)
    {
        var here = _b.CurrentBlock;
        _b.PositionBeforeTerminator(_entry);
        var slot = _b.Alloca(type, name);
        _b.PositionAtEnd(here);
        return slot;
    }

    /// <summary>Address of a field at a fixed byte offset from an object pointer.</summary>
    private LValue At(LValue obj, long offset) => _b.ByteOffset(obj, offset);
}
