using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;

namespace Vm.Jit.Lowering;

/// <summary>Arithmetic and conversions with HashLink's results on every edge case.</summary>
internal sealed partial class FunctionLowerer
{
    private void LowerFloatConstant(Instruction ins)
    {
        var t = RegLType(ins.A);
        var value = _m.Code.Floats[ins.B];
        // HashLink materializes any constant equal to zero by clearing the register: -0.0 loads as +0.0.
        Store(ins.A, _c.ConstReal(t, value == 0 ? 0.0 : value));
    }

    private void LowerBinary(Instruction ins)
    {
        var type = RegType(ins.A);
        if (HlTypeMap.IsFloat(type))
        {
            var a = Load(ins.B);
            var b = Load(ins.C);
            Store(ins.A, ins.Opcode switch
            {
                Opcode.Add => _b.FAdd(a, b),
                Opcode.Sub => _b.FSub(a, b),
                Opcode.Mul => _b.FMul(a, b),
                Opcode.SDiv or Opcode.UDiv => _b.FDiv(a, b),
                Opcode.SMod or Opcode.UMod => _b.FRem(a, b),
                _ => throw Unsupported("on floats"),
            });
            return;
        }
        if (!HlTypeMap.IsInteger(type))
            throw Unsupported($"on {type}");
        // Narrow integers compute in 32 bits (as HashLink's x86 code does) and keep the low bits.
        var narrow = type.Kind is TypeKind.UI8 or TypeKind.UI16 or TypeKind.Bool;
        var wide = narrow ? _c.I32 : RegLType(ins.A);
        var x = Widen(Load(ins.B), RegType(ins.B), wide);
        var y = Widen(Load(ins.C), RegType(ins.C), wide);
        var result = IntegerOp(ins.Opcode, x, y, wide);
        Store(ins.A, narrow ? _b.Trunc(result, RegLType(ins.A)) : result);
    }

    private LValue Widen(LValue v, HlType from, LType to)
    {
        var fromType = _m.Types.Of(from);
        if (fromType == to)
            return v;
        return from.Kind is TypeKind.I32 or TypeKind.I64 ? _b.SExt(v, to) : _b.ZExt(v, to);
    }

    private LValue IntegerOp(Opcode op, LValue a, LValue b, LType t)
    {
        var bits = t == _c.I64 ? 64 : 32;
        var zero = _c.ConstInt(t, 0);
        var one = _c.ConstInt(t, 1);
        var minusOne = _c.ConstInt(t, -1);
        switch (op)
        {
            case Opcode.Add: return _b.Add(a, b);
            case Opcode.Sub: return _b.Sub(a, b);
            case Opcode.Mul: return _b.Mul(a, b);
            case Opcode.And: return _b.And(a, b);
            case Opcode.Or: return _b.Or(a, b);
            case Opcode.Xor: return _b.Xor(a, b);
            // x86 masks shift counts; LLVM would make an out-of-range shift poison.
            case Opcode.Shl: return _b.Shl(a, _b.And(b, _c.ConstInt(t, bits - 1)));
            case Opcode.SShr: return _b.AShr(a, _b.And(b, _c.ConstInt(t, bits - 1)));
            case Opcode.UShr: return _b.LShr(a, _b.And(b, _c.ConstInt(t, bits - 1)));
            case Opcode.SDiv:
            {
                // b == 0 or b == -1 gives a * b: 0, or -a (MIN_INT stays MIN_INT) without trapping.
                var special = _b.Or(_b.ICmp(IntPredicate.Eq, b, zero), _b.ICmp(IntPredicate.Eq, b, minusOne));
                var q = _b.SDiv(a, _b.Select(special, one, b));
                return _b.Select(special, _b.Mul(a, b), q);
            }
            case Opcode.SMod:
            {
                var special = _b.Or(_b.ICmp(IntPredicate.Eq, b, zero), _b.ICmp(IntPredicate.Eq, b, minusOne));
                var r = _b.SRem(a, _b.Select(special, one, b));
                return _b.Select(special, zero, r);
            }
            case Opcode.UDiv:
            {
                var isZero = _b.ICmp(IntPredicate.Eq, b, zero);
                return _b.Select(isZero, zero, _b.UDiv(a, _b.Select(isZero, one, b)));
            }
            case Opcode.UMod:
            {
                var isZero = _b.ICmp(IntPredicate.Eq, b, zero);
                return _b.Select(isZero, zero, _b.URem(a, _b.Select(isZero, one, b)));
            }
            default:
                throw Unsupported();
        }
    }

    private void LowerNeg(Instruction ins)
    {
        var v = Load(ins.B);
        var t = RegLType(ins.A);
        // HashLink negates floats as 0 - x, so -(0.0) is 0, not -0.
        Store(ins.A, HlTypeMap.IsFloat(RegType(ins.A)) ? _b.FSub(_c.ConstReal(t, 0), v) : _b.Sub(_c.ConstInt(t, 0), v));
    }

    private void LowerToSFloat(Instruction ins)
    {
        var from = RegType(ins.B);
        var to = RegLType(ins.A);
        var v = Load(ins.B);
        if (HlTypeMap.IsFloat(from))
        {
            var fromT = RegLType(ins.B);
            Store(ins.A, fromT == to ? v : from.Kind == TypeKind.F64 ? _b.FPTrunc(v, to) : _b.FPExt(v, to));
        }
        else if (from.Kind is TypeKind.UI8 or TypeKind.UI16 or TypeKind.Bool)
            Store(ins.A, _b.UIToFP(v, to));
        else
            Store(ins.A, _b.SIToFP(v, to));
    }

    private void LowerToUFloat(Instruction ins)
    {
        var v = Load(ins.B);
        var from = RegType(ins.B);
        Store(ins.A, HlTypeMap.IsFloat(from) ? v : _b.UIToFP(v, RegLType(ins.A)));
    }

    private void LowerToInt(Instruction ins)
    {
        var from = RegType(ins.B);
        var to = RegType(ins.A);
        var v = Load(ins.B);
        var toT = RegLType(ins.A);
        if (HlTypeMap.IsFloat(from))
        {
            // x86 cvttsd2si: NaN and out-of-range values give the "integer indefinite" 0x80000000.
            var inRange = _b.And(
                _b.FCmp(RealPredicate.Olt, v, _c.ConstReal(RegLType(ins.B), 2147483648.0)),
                _b.FCmp(RealPredicate.Oge, v, _c.ConstReal(RegLType(ins.B), -2147483648.0)));
            var safe = _b.Select(inRange, v, _c.ConstReal(RegLType(ins.B), 0));
            var i = _b.Select(inRange, _b.FPToSI(safe, _c.I32), I32(int.MinValue));
            // A 64-bit destination receives the 32-bit result zero-extended, as HashLink's code does.
            Store(ins.A, toT == _c.I32 ? i : toT == _c.I64 ? _b.ZExt(i, _c.I64) : _b.Trunc(i, toT));
            return;
        }
        var fromT = RegLType(ins.B);
        if (fromT == toT)
            Store(ins.A, v);
        else if (TypeSizeBits(fromT) > TypeSizeBits(toT))
            Store(ins.A, _b.Trunc(v, toT));
        else
            Store(ins.A, from.Kind is TypeKind.I32 or TypeKind.I64 ? _b.SExt(v, toT) : _b.ZExt(v, toT));
    }

    private int TypeSizeBits(LType t) =>
        t == _c.I8 ? 8 : t == _c.I16 ? 16 : t == _c.I32 ? 32 : t == _c.I64 ? 64 : throw Unsupported("conversion");
}
