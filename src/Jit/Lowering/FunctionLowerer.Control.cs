using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;

namespace Vm.Jit.Lowering;

/// <summary>Jumps, comparisons (with HashLink's rules per operand type), switch, return and throw.</summary>
internal sealed partial class FunctionLowerer
{
    private void LowerUnaryJump(Instruction ins)
    {
        var v = Load(ins.A);
        LValue cond = ins.Opcode switch
        {
            Opcode.JTrue => _b.ICmp(IntPredicate.Ne, v, _c.ConstInt(RegLType(ins.A), 0)),
            Opcode.JFalse => _b.ICmp(IntPredicate.Eq, v, _c.ConstInt(RegLType(ins.A), 0)),
            Opcode.JNull => _b.IsNull(v),
            _ => _b.IsNotNull(v),
        };
        _b.CondBr(cond, JumpTarget(ins.B), NextBlock());
    }

    private void LowerCompareJump(Instruction ins)
    {
        var ta = RegType(ins.A);
        var tb = RegType(ins.B);
        var cond = Compare(ins.Opcode, ins.A, ins.B, ta, tb);
        _b.CondBr(cond, JumpTarget(ins.C), NextBlock());
    }

    private LValue Compare(Opcode op, int ra, int rb, HlType ta, HlType tb)
    {
        if (ta.Kind is TypeKind.Dyn or TypeKind.Fun || tb.Kind is TypeKind.Dyn or TypeKind.Fun)
            return CompareDynamic(op, Load(ra), Load(rb));
        if (HlTypeMap.IsFloat(ta))
        {
            var p = op switch
            {
                Opcode.JSLt => RealPredicate.Olt,
                Opcode.JSGte => RealPredicate.Oge,
                Opcode.JSGt => RealPredicate.Ogt,
                Opcode.JSLte => RealPredicate.Ole,
                Opcode.JNotLt => RealPredicate.Uge,
                Opcode.JNotGte => RealPredicate.Ult,
                Opcode.JEq => RealPredicate.Oeq,
                Opcode.JNotEq => RealPredicate.Une,
                _ => throw Unsupported("on floats"),
            };
            return _b.FCmp(p, Load(ra), Load(rb));
        }
        switch (ta.Kind)
        {
            case TypeKind.Type:
            {
                var same = _b.ICmp(IntPredicate.Ne, CallHelper("rt_same_type", Load(ra), Load(rb)), _c.ConstInt(_c.I8, 0));
                return op == Opcode.JEq ? same : op == Opcode.JNotEq ? _b.Xor(same, _c.ConstInt(_c.I1, 1)) : throw Unsupported("ordering types");
            }
            case TypeKind.Null:
                return CompareNullables(op, Load(ra), Load(rb), ta.Param!);
            case TypeKind.Virtual:
                return CompareVirtual(op, Load(ra), Load(rb), tb.Kind == TypeKind.Obj);
            case TypeKind.Obj or TypeKind.Struct when tb.Kind == TypeKind.Virtual:
                return CompareVirtual(op, Load(rb), Load(ra), true);
            case TypeKind.Obj or TypeKind.Struct when CompareMethod(ta) is { } cmp:
                return CompareObjects(op, Load(ra), Load(rb), cmp);
        }
        return IntPredicateCompare(op, Load(ra), Load(rb));
    }

    private LValue IntPredicateCompare(Opcode op, LValue a, LValue b)
    {
        var p = op switch
        {
            Opcode.JSLt => IntPredicate.Slt,
            Opcode.JSGte => IntPredicate.Sge,
            Opcode.JSGt => IntPredicate.Sgt,
            Opcode.JSLte => IntPredicate.Sle,
            Opcode.JULt => IntPredicate.Ult,
            Opcode.JUGte => IntPredicate.Uge,
            Opcode.JNotLt => IntPredicate.Sge,
            Opcode.JNotGte => IntPredicate.Slt,
            Opcode.JEq => IntPredicate.Eq,
            _ => IntPredicate.Ne,
        };
        return _b.ICmp(p, a, b);
    }

    // Dynamic values and closures compare through hl_dyn_compare; an invalid comparison makes > and >= false.
    private LValue CompareDynamic(Opcode op, LValue a, LValue b)
    {
        var r = CallHelper("rt_dyn_compare", a, b);
        var cond = IntPredicateCompare(op, r, I32(0));
        if (op is Opcode.JSGt or Opcode.JSGte)
            cond = _b.And(cond, _b.ICmp(IntPredicate.Ne, r, I32(InvalidComparison)));
        return cond;
    }

    /// <summary>What hl_dyn_compare returns for values that have no order.</summary>
    private const int InvalidComparison = unchecked((int)0xAABBCCDD);

    // Null<T>: equal when both are null or both hold equal values.
    private LValue CompareNullables(Opcode op, LValue a, LValue b, HlType valueType)
    {
        if (op is not (Opcode.JEq or Opcode.JNotEq))
            throw Unsupported("ordering nullable values");
        var start = _b.CurrentBlock;
        var both = NewBlock("bothset");
        var done = NewBlock("cmpdone");
        var samePtr = _b.ICmp(IntPredicate.Eq, a, b);
        var anyNull = _b.Or(_b.IsNull(a), _b.IsNull(b));
        var decided = _b.Or(samePtr, anyNull);
        _b.CondBr(decided, done, both);
        _b.PositionAtEnd(both);
        var vt = _m.Types.Of(valueType);
        var va = _b.Load(vt, At(a, ValueLayout.DynamicValue));
        var vb = _b.Load(vt, At(b, ValueLayout.DynamicValue));
        var valuesEqual = HlTypeMap.IsFloat(valueType) ? _b.FCmp(RealPredicate.Oeq, va, vb) : _b.ICmp(IntPredicate.Eq, va, vb);
        var bothEnd = _b.CurrentBlock;
        _b.Br(done);
        _b.PositionAtEnd(done);
        var equal = _b.Phi(_c.I1, [(samePtr, start), (valuesEqual, bothEnd)]);
        return op == Opcode.JEq ? equal : _b.Xor(equal, _c.ConstInt(_c.I1, 1));
    }

    // Virtuals compare the objects they view (a virtual against an object compares its value with the object).
    private LValue CompareVirtual(Opcode op, LValue v, LValue other, bool otherIsObject)
    {
        if (op is not (Opcode.JEq or Opcode.JNotEq))
            throw Unsupported("ordering virtuals");
        var start = _b.CurrentBlock;
        var check = NewBlock("vcheck");
        var done = NewBlock("vdone");
        LValue equal;
        if (otherIsObject)
        {
            var vNull = _b.IsNull(v);
            var otherNull = _b.IsNull(other);
            _b.CondBr(vNull, done, check);
            _b.PositionAtEnd(check);
            var value = _b.Load(_c.GcPtr, At(v, ValueLayout.VirtualValue));
            var eq = _b.And(_b.IsNotNull(other), _b.ICmp(IntPredicate.Eq, value, _b.CoercePointer(other, _c.GcPtr)));
            var checkEnd = _b.CurrentBlock;
            _b.Br(done);
            _b.PositionAtEnd(done);
            equal = _b.Phi(_c.I1, [(otherNull, start), (eq, checkEnd)]);
        }
        else
        {
            var same = _b.ICmp(IntPredicate.Eq, v, other);
            var anyNull = _b.Or(_b.IsNull(v), _b.IsNull(other));
            var startEnd = _b.CurrentBlock;
            _b.CondBr(_b.Or(same, anyNull), done, check);
            _b.PositionAtEnd(check);
            var va = _b.Load(_c.GcPtr, At(v, ValueLayout.VirtualValue));
            var vb = _b.Load(_c.GcPtr, At(other, ValueLayout.VirtualValue));
            var eq = _b.And(_b.And(_b.IsNotNull(va), _b.IsNotNull(vb)), _b.ICmp(IntPredicate.Eq, va, vb));
            var checkEnd = _b.CurrentBlock;
            _b.Br(done);
            _b.PositionAtEnd(done);
            equal = _b.Phi(_c.I1, [(same, startEnd), (eq, checkEnd)]);
        }
        return op == Opcode.JEq ? equal : _b.Xor(equal, _c.ConstInt(_c.I1, 1));
    }

    /// <summary>
    /// The __compare(dynamic):i32 method HashLink compares objects of this static type with, or null:
    /// only a class that introduces the method itself has one (not subclasses, not overrides).
    /// </summary>
    private int? CompareMethod(HlType t)
    {
        var parentSlots = t.Object!.Super is { } super ? Runtime.Types.TypeTable.MethodSlots(super).Length : 0;
        foreach (var p in t.Object.Protos)
        {
            if (p.Name != "__compare" || (t.Object.Super is not null && p.Slot >= 0 && p.Slot < parentSlots))
                continue;
            var sig = _m.Code.GetCallee(p.FunctionIndex).Type.Function!;
            if (sig.Args.Count == 2 && sig.Args[1].Kind == TypeKind.Dyn && sig.Return.Kind == TypeKind.I32)
                return p.FunctionIndex;
        }
        return null;
    }

    private LValue CompareObjects(Opcode op, LValue a, LValue b, int compareFunction)
    {
        var equality = op is Opcode.JEq or Opcode.JNotEq;
        var start = _b.CurrentBlock;
        var call = NewBlock("cmpcall");
        var done = NewBlock("cmpdone");
        var same = _b.ICmp(IntPredicate.Eq, a, b);
        var anyNull = _b.Or(_b.IsNull(a), _b.IsNull(b));
        // Without calling: identical objects are equal; a null operand makes every ordering false.
        var shortcut = op switch
        {
            Opcode.JEq => same,
            Opcode.JNotEq => _b.Xor(same, _c.ConstInt(_c.I1, 1)),
            _ => _c.ConstInt(_c.I1, 0),
        };
        // Equality short-cuts on identity; every comparison short-cuts on a null operand.
        _b.CondBr(equality ? _b.Or(same, anyNull) : anyNull, done, call);
        _b.PositionAtEnd(call);
        var r = CallUnwinding(_m.HlFunction(compareFunction), [_ctx, a, b]);
        var callResult = IntPredicateCompare(op, r, I32(0));
        var callEnd = _b.CurrentBlock;
        _b.Br(done);
        _b.PositionAtEnd(done);
        return _b.Phi(_c.I1, [(shortcut, start), (callResult, callEnd)]);
    }

    private void LowerSwitch(Instruction ins)
    {
        var cases = new List<(long, LBlock)>();
        for (var i = 0; i < ins.List.Length; i++)
            cases.Add((i, JumpTarget(ins.List[i])));
        _b.Switch(Load(ins.A), NextBlock(), cases);
    }

    private void LowerReturn(Instruction ins)
    {
        if (HlTypeMap.IsVoid(_f.Signature.Return))
            _b.RetVoid();
        else
            _b.Ret(Load(ins.A));
    }

    private void LowerThrow(Instruction ins)
    {
        _b.Store(Load(ins.A), At(_ctx, ThreadContextData.ExceptionValueOffset));
        CallNoReturn(ins.Opcode == Opcode.Rethrow ? Symbols.Rethrow : Symbols.Throw);
    }
}
