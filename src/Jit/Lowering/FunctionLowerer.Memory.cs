using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Runtime.Memory;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Jit.Lowering;

/// <summary>Raw memory (hl.Bytes), native arrays, references and enums.</summary>
internal sealed partial class FunctionLowerer
{
    private LValue BytesAddress(int bytesRegister, int offsetRegister)
    {
        var bytes = Load(bytesRegister);
        NullCheck(bytes);
        return _b.ByteOffset(bytes, _b.SExt(Load(offsetRegister), _c.I64));
    }

    private void LowerGetMemory(Instruction ins)
    {
        var address = BytesAddress(ins.B, ins.C);
        var dstT = RegLType(ins.A);
        switch (ins.Opcode)
        {
            case Opcode.GetI8:
                Store(ins.A, Extend(_b.Load(_c.I8, address), dstT));
                break;
            case Opcode.GetI16:
                Store(ins.A, Extend(_b.Load(_c.I16, address), dstT));
                break;
            default:
                Store(ins.A, _b.Load(dstT, address));
                break;
        }
    }

    private LValue Extend(LValue v, LType to) => v.Type == to ? v : _b.ZExt(v, to);

    private void LowerSetMemory(Instruction ins)
    {
        var address = BytesAddress(ins.A, ins.B);
        var v = Load(ins.C);
        switch (ins.Opcode)
        {
            case Opcode.SetI8:
                _b.Store(v.Type == _c.I8 ? v : _b.Trunc(v, _c.I8), address);
                break;
            case Opcode.SetI16:
                _b.Store(v.Type == _c.I16 ? v : v.Type == _c.I8 ? _b.ZExt(v, _c.I16) : _b.Trunc(v, _c.I16), address);
                break;
            default:
                StoreValue(v, address, RegType(ins.C));
                break;
        }
    }

    private LValue ArrayElement(int arrayRegister, int indexRegister, HlType elementType)
    {
        if (RegType(arrayRegister).Kind != TypeKind.Array)
            throw Unsupported($"on {RegType(arrayRegister).Kind}");
        var array = Load(arrayRegister);
        NullCheck(array);
        var size = HlArrays.ElementSize(elementType.Kind);
        var offset = _b.Add(_b.Mul(_b.SExt(Load(indexRegister), _c.I64), I64(size)), I64(ValueLayout.ArrayData));
        return _b.ByteOffset(array, offset);
    }

    private void LowerGetArray(Instruction ins) =>
        Store(ins.A, _b.Load(RegLType(ins.A), ArrayElement(ins.B, ins.C, RegType(ins.A))));

    private void LowerSetArray(Instruction ins)
    {
        var address = ArrayElement(ins.A, ins.B, RegType(ins.C));
        if (!HlTypeMapIsVoid(ins.C))
            StoreValue(Load(ins.C), address, RegType(ins.C));
    }

    private void LowerArraySize(Instruction ins)
    {
        if (RegType(ins.B).Kind != TypeKind.Array)
            throw Unsupported($"on {RegType(ins.B).Kind}");
        var array = Load(ins.B);
        NullCheck(array);
        Store(ins.A, _b.Load(_c.I32, At(array, ValueLayout.ArraySize)));
    }

    private LValue RegisterAddress(int r)
    {
        if (HlTypeMapIsVoid(r))
            throw Unsupported("reference to a void register");
        if (_boxed.Contains(r))
            return _regs[r];
        // A ref is a collected pointer (ORefData/ORefOffset point into arrays, which move); one to a stack
        // slot is made by inttoptr, a base of its own for the statepoint rewriting, which the collector
        // leaves alone (not in the heap).
        return _b.IntToPtr(_b.PtrToInt(_regs[r], _c.I64), _c.GcPtr);
    }

    private void LowerRefData(Instruction ins)
    {
        if (RegType(ins.B).Kind != TypeKind.Array)
            throw Unsupported($"on {RegType(ins.B).Kind}");
        Store(ins.A, At(Load(ins.B), ValueLayout.ArrayData));
    }

    private void LowerRefOffset(Instruction ins)
    {
        var elementType = RegType(ins.A).Param ?? throw Unsupported("on a non-reference");
        var size = Math.Max(1, TypeSizes.Size(elementType.Kind));
        var offset = _b.Mul(_b.SExt(Load(ins.C), _c.I64), I64(size));
        Store(ins.A, _b.ByteOffset(Load(ins.B), offset));
    }

    private ConstructLayout Construct(HlType enumType, int construct) =>
        _m.Runtime.Types[enumType].Constructs?[construct] ?? throw Unsupported($"on {enumType.Kind}");

    private void LowerMakeEnum(Instruction ins)
    {
        var t = RegType(ins.A);
        var layout = Construct(t, ins.B);
        var e = NewEnum(t, ins.B);
        for (var i = 0; i < ins.List.Length; i++)
            if (!HlTypeMapIsVoid(ins.List[i]))
                StoreValue(Load(ins.List[i]), At(e, layout.Offsets[i]), RegType(ins.List[i]));
        Store(ins.A, e);
    }

    /// <summary>An enum value of one constructor, allocated inline: type word and constructor index.</summary>
    private LValue NewEnum(HlType t, int construct)
    {
        var rt = _m.Runtime.Types[t];
        var desc = TypeDescriptor(t);
        var e = AllocateInline(Construct(t, construct).Size, BlockLayout.Enum, rt.Id, desc, "rt_new_enum", desc, I32(construct));
        _b.Store(I32(construct), At(e, ValueLayout.EnumIndex));
        return e;
    }

    private void LowerEnumIndex(Instruction ins)
    {
        var e = Load(ins.B);
        NullCheck(e);
        Store(ins.A, _b.Load(_c.I32, At(e, ValueLayout.EnumIndex)));
    }

    private void LowerEnumField(Instruction ins)
    {
        var layout = Construct(RegType(ins.B), ins.C);
        var e = Load(ins.B);
        NullCheck(e);
        Store(ins.A, _b.Load(RegLType(ins.A), At(e, layout.Offsets[ins.D])));
    }

    // HashLink writes enum fields with the offsets of the first constructor (the only one Haxe uses this for).
    private void LowerSetEnumField(Instruction ins)
    {
        var layout = Construct(RegType(ins.A), 0);
        var e = Load(ins.A);
        NullCheck(e);
        if (!HlTypeMapIsVoid(ins.C))
            StoreValue(Load(ins.C), At(e, layout.Offsets[ins.B]), RegType(ins.C));
    }
}
