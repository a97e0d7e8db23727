using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Jit.Lowering;

/// <summary>Static, virtual and closure calls; closure creation.</summary>
internal sealed partial class FunctionLowerer
{
    private LValue[] LoadArgs(ReadOnlySpan<int> registers)
    {
        var values = new LValue[registers.Length];
        for (var i = 0; i < registers.Length; i++)
            values[i] = Load(registers[i]);
        return values;
    }

    private void LowerStaticCall(Instruction ins)
    {
        var findex = ins.B;
        var args = ins.Opcode == Opcode.CallN ? ins.List.ToArray() : ins.Operands[2..].ToArray();
        var callee = _m.Code.GetCallee(findex);
        LValue result;
        if (callee.Native is { } native)
        {
            // Natives use the C convention directly; they raise by leaving an exception pending.
            result = _b.Call(_m.Native(native), LoadArgs(args));
            CheckPending();
        }
        else
        {
            result = _b.Call(_m.HlFunction(findex), [_ctx, .. LoadArgs(args)]);
        }
        StoreResult(ins.A, callee.Type.Function!.Return, result);
    }

    private void StoreResult(int dst, HlType returnType, LValue result)
    {
        if (!HlTypeMap.IsVoid(returnType))
            Store(dst, result);
    }

    private void LowerCallMethod(Instruction ins, int objectRegister, ReadOnlySpan<int> rest)
    {
        var objType = RegType(objectRegister);
        if (objType.Kind != TypeKind.Obj)
            throw Unsupported($"on {objType.Kind}");
        var slot = ins.B;
        var proto = objType.Object!.ProtoForSlot(slot) ?? throw Unsupported($"with no method in slot {slot}");
        var sig = _m.Code.GetCallee(proto.FunctionIndex).Type.Function!;
        var obj = Load(objectRegister);
        NullCheck(obj);
        var fn = MethodPointer(obj, slot);
        var args = new List<LValue> { _ctx, obj };
        args.AddRange(LoadArgs(rest));
        var result = _b.Call(_m.Types.HlFunction(sig), fn, args.ToArray());
        StoreResult(ins.A, sig.Return, result);
    }

    /// <summary>The function in method-table slot <paramref name="slot"/> of an object's class.</summary>
    private LValue MethodPointer(LValue obj, int slot)
    {
        var type = _b.Load(_c.Ptr, obj);
        var methods = _b.Load(_c.Ptr, At(type, NativeTypeDescriptor.MethodsOffset));
        return _b.Load(_c.Ptr, At(methods, 8L * slot));
    }

    private void LowerCallClosure(Instruction ins)
    {
        var closureType = RegType(ins.B);
        if (closureType.Kind != TypeKind.Fun)
            throw Unsupported($"on {closureType.Kind}");
        var sig = closureType.Function!;
        var closure = Load(ins.B);
        NullCheck(closure);
        var fn = _b.Load(_c.Ptr, At(closure, ValueLayout.ClosureFunction));
        var hasValue = _b.Load(_c.I32, At(closure, ValueLayout.ClosureHasValue));
        var args = LoadArgs(ins.List);
        var bound = NewBlock("bound");
        var plain = NewBlock("plain");
        var done = NewBlock("called");
        _b.CondBr(_b.ICmp(IntPredicate.Ne, hasValue, I32(0)), bound, plain);

        _b.PositionAtEnd(bound);
        var value = _b.Load(_c.Ptr, At(closure, ValueLayout.ClosureValue));
        var r1 = _b.Call(_m.Types.HlFunction(sig, withBoundValue: true), fn, [_ctx, value, .. args]);
        var boundEnd = _b.CurrentBlock;
        _b.Br(done);

        _b.PositionAtEnd(plain);
        var r2 = _b.Call(_m.Types.HlFunction(sig), fn, [_ctx, .. args]);
        var plainEnd = _b.CurrentBlock;
        _b.Br(done);

        _b.PositionAtEnd(done);
        if (!HlTypeMap.IsVoid(sig.Return))
            Store(ins.A, _b.Phi(_m.Types.Of(sig.Return), [(r1, boundEnd), (r2, plainEnd)]));
    }

    private void LowerInstanceClosure(Instruction ins)
    {
        var value = Load(ins.C);
        Store(ins.A, CallHelper("rt_new_closure", TypeDescriptor(RegType(ins.A)), _b.BitCast(_m.HlFunction(ins.B).Value, _c.Ptr), value));
    }

    private void LowerVirtualClosure(Instruction ins)
    {
        var objType = RegType(ins.B);
        if (objType.Kind != TypeKind.Obj)
            throw Unsupported($"on {objType.Kind}");
        var obj = Load(ins.B);
        NullCheck(obj);
        var fn = MethodPointer(obj, ins.C);
        Store(ins.A, CallHelper("rt_new_closure", TypeDescriptor(RegType(ins.A)), fn, obj));
    }

    /// <summary>The runtime type descriptor of a bytecode type, as a constant pointer.</summary>
    private LValue TypeDescriptor(HlType t) => Ptr(_m.Runtime.Types[t].Native);
}
