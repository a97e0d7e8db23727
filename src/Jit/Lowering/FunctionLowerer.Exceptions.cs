using Vm.Frontend.Bytecode;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Jit.Support;
using Vm.Runtime.Threading;

namespace Vm.Jit.Lowering;

/// <summary>
/// Zero-cost exceptions. Inside a trap region (OTrap..OEndTrap) every call that can unwind is an
/// <c>invoke</c> whose unwind edge goes to the region's landing pad; the pad catches everything (the
/// thrown value travels in the thread context), stores the value in the trap's register and jumps to
/// the handler. Outside regions calls are plain calls and cost nothing extra.
/// </summary>
internal sealed partial class FunctionLowerer
{
    private readonly Dictionary<int, LBlock> _landingPads = [];
    private LFunction? _personality;

    /// <summary>Calls something that may unwind (HL code, a throw): an invoke inside a trap region.</summary>
    private LValue CallUnwinding(LType fnType, LValue fn, LValue[] args) => CallUnwinding(fnType, fn, args, InnermostTrap(_pc));

    private LValue CallUnwinding(LFunction f, LValue[] args) => CallUnwinding(f.Type, f.Value, args);

    private LValue CallUnwinding(LType fnType, LValue fn, LValue[] args, int trap)
    {
        LValue call;
        if (trap < 0)
        {
            call = _b.Call(fnType, fn, args);
        }
        else
        {
            var pad = LandingPad(trap);
            var next = NewBlock("invoked");
            call = _b.Invoke(fnType, fn, args, next, pad);
            _b.PositionAtEnd(next);
        }
        // The statepoint id names the HL instruction: the stack maps then map the return address to it.
        _b.SetCallAttribute(call, "statepoint-id", SiteId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return call;
    }

    /// <summary>Calls a support function that never returns (vm.throw and friends), then ends the block.</summary>
    private void CallNoReturn(string support, int trap)
    {
        var f = _m.Support(support);
        CallUnwinding(f.Type, f.Value, [_ctx], trap);
        _b.Unreachable();
    }

    private void CallNoReturn(string support) => CallNoReturn(support, InnermostTrap(_pc));

    /// <summary>The OTrap instruction of the innermost region around instruction <paramref name="pc"/>, or -1.</summary>
    private int InnermostTrap(int pc)
    {
        var traps = _cfg.BlockAt(pc).Traps;
        return traps.Count == 0 ? -1 : traps[^1];
    }

    // ONullCheck: "Null access", or "Null access .name" when the next real operation (constants and
    // arithmetic skipped) reads or writes a field of the checked register or passes it first to a call.
    private void LowerNullCheck(Instruction ins)
    {
        var name = NullCheckedFieldName(ins.A);
        var v = Load(ins.A);
        if (name is null)
        {
            NullCheck(v);
            return;
        }
        var fail = NewBlock("null");
        var ok = NewBlock("nonnull");
        _b.CondBr(_b.IsNull(v), fail, ok);
        _b.PositionAtEnd(fail);
        var (raise, _) = _m.Helper("rt_raise_message");
        _b.Call(raise, [GcConstant(_m.Runtime.Strings.PermanentUtf16("Null access ." + name))]);
        CallNoReturn(Symbols.RaisePending);
        _b.PositionAtEnd(ok);
    }

    private string? NullCheckedFieldName(int register)
    {
        var code = _f.Instructions;
        var next = _pc + 1;
        while (next < code.Count - 1 && code[next].Opcode is >= Opcode.Int and <= Opcode.Decr)
            next++;
        if (next >= code.Count)
            return null;
        var n = code[next];
        if ((n.Opcode == Opcode.Field && n.B == register) || (n.Opcode == Opcode.SetField && n.A == register))
        {
            var t = RegType(register);
            var field = n.Opcode == Opcode.Field ? n.C : n.B;
            return t.Object?.FieldAt(field)?.Name ?? (t.VirtualFields is { } vf && field < vf.Count ? vf[field].Name : null);
        }
        if (n.Opcode is >= Opcode.Call1 and <= Opcode.CallN)
        {
            var first = n.Opcode == Opcode.CallN ? (n.List.Length > 0 ? n.List[0] : -1) : n.C;
            if (first == register && _m.Code.FunctionAt(n.B) is { } callee)
                return FieldNameOf(callee.Name);
        }
        return null;
    }

    /// <summary>The field part of a function name: "m" of "Cls.m", "main" of "Cls.~main.0".</summary>
    private static string FieldNameOf(string functionName)
    {
        var parts = functionName.Split('.');
        for (var i = parts.Length - 1; i >= 0; i--)
            if (parts[i].StartsWith('~'))
                return parts[i][1..];
        return parts[^1];
    }

    private LBlock LandingPad(int trap)
    {
        if (_landingPads.TryGetValue(trap, out var pad))
            return pad;
        pad = _m.Module.AppendBlock(_fn, $"lpad.{trap}");
        _landingPads[trap] = pad;
        var resume = _b.CurrentBlock;
        _personality ??= DeclarePersonality();

        _b.PositionAtEnd(pad);
        var c = _c;
        _b.LandingPadCatchAll(_personality.Value.Value);

        // Sys.exit unwinds like an exception that no handler may catch: pass it on.
        var outer = InnermostTrapOutside(trap);
        var exit = _b.Load(c.I32, At(_ctx, ThreadContextData.ExitRequestedOffset));
        var passOn = _m.Module.AppendBlock(_fn, $"lpad.{trap}.exit");
        var handle = _m.Module.AppendBlock(_fn, $"lpad.{trap}.catch");
        _b.CondBr(_b.ICmp(IntPredicate.Ne, exit, I32(0)), passOn, handle);
        _b.PositionAtEnd(passOn);
        CallNoReturn(Symbols.Throw, outer);

        _b.PositionAtEnd(handle);
        var trapIns = _f.Instructions[trap];
        Store(trapIns.A, _b.Load(RegLType(trapIns.A), At(_ctx, ThreadContextData.ExceptionValueOffset)));
        _b.Br(BlockAt(trap + 1 + trapIns.B));

        _b.PositionAtEnd(resume);
        return pad;
    }

    /// <summary>The trap enclosing the OTrap instruction <paramref name="trap"/> itself (its handler runs there), or -1.</summary>
    private int InnermostTrapOutside(int trap) => InnermostTrap(trap);

    private LFunction DeclarePersonality()
    {
        var p = _m.Module.Function(CxxRuntime.Personality, _c.Function(_c.I32, [], varArg: true));
        _m.Module.SetPersonality(_fn, p.Value);
        return p;
    }
}
