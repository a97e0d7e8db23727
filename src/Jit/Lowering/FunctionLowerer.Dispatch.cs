using Vm.Frontend.Bytecode;

namespace Vm.Jit.Lowering;

internal sealed partial class FunctionLowerer
{
    private void LowerInstruction(Instruction ins)
    {
        switch (ins.Opcode)
        {
            case Opcode.Mov: Store(ins.A, Load(ins.B)); break;
            case Opcode.Int: Store(ins.A, _c.ConstInt(RegLType(ins.A), _m.Code.Ints[ins.B])); break;
            case Opcode.Float: LowerFloatConstant(ins); break;
            case Opcode.Bool: Store(ins.A, _c.ConstInt(RegLType(ins.A), ins.B != 0 ? 1 : 0)); break;
            case Opcode.String: Store(ins.A, Ptr(_m.Runtime.ConstantString(ins.B))); break;
            case Opcode.Bytes: Store(ins.A, Ptr(_m.Runtime.ConstantBytes(ins.B))); break;
            case Opcode.Null: Store(ins.A, _c.Null(RegLType(ins.A))); break;

            case >= Opcode.Add and <= Opcode.Xor: LowerBinary(ins); break;
            case Opcode.Neg: LowerNeg(ins); break;
            case Opcode.Not: Store(ins.A, _b.Xor(Load(ins.B), _c.ConstInt(RegLType(ins.A), 1))); break;
            case Opcode.Incr: Store(ins.A, _b.Add(Load(ins.A), _c.ConstInt(RegLType(ins.A), 1))); break;
            case Opcode.Decr: Store(ins.A, _b.Sub(Load(ins.A), _c.ConstInt(RegLType(ins.A), 1))); break;
            case Opcode.ToSFloat: LowerToSFloat(ins); break;
            case Opcode.ToUFloat: LowerToUFloat(ins); break;
            case Opcode.ToInt: LowerToInt(ins); break;

            case >= Opcode.Call0 and <= Opcode.CallN: LowerStaticCall(ins); break;
            case Opcode.CallMethod: LowerCallMethod(ins, ins.List[0], ins.List[1..]); break;
            case Opcode.CallThis: LowerCallMethod(ins, 0, ins.List); break;
            case Opcode.CallClosure: LowerCallClosure(ins); break;
            case Opcode.StaticClosure: Store(ins.A, CallHelper("rt_static_closure", I32(ins.B))); break;
            case Opcode.InstanceClosure: LowerInstanceClosure(ins); break;
            case Opcode.VirtualClosure: LowerVirtualClosure(ins); break;

            case Opcode.GetGlobal: Store(ins.A, _b.Load(RegLType(ins.A), Ptr(_m.Runtime.GlobalAddress(ins.B)))); break;
            case Opcode.SetGlobal: StoreGlobal(ins.A, ins.B); break;
            case Opcode.Field: Store(ins.A, LoadField(ins.B, ins.C, RegType(ins.A))); break;
            case Opcode.SetField: StoreField(ins.A, ins.B, ins.C); break;
            case Opcode.GetThis: Store(ins.A, LoadField(0, ins.B, RegType(ins.A), isThis: true)); break;
            case Opcode.SetThis: StoreField(0, ins.A, ins.B, isThis: true); break;
            case Opcode.DynGet: LowerDynGet(ins); break;
            case Opcode.DynSet: LowerDynSet(ins); break;

            case >= Opcode.JTrue and <= Opcode.JNotNull: LowerUnaryJump(ins); break;
            case >= Opcode.JSLt and <= Opcode.JNotEq: LowerCompareJump(ins); break;
            case Opcode.JAlways: _b.Br(JumpTarget(ins.A)); break;
            case Opcode.Switch: LowerSwitch(ins); break;
            case Opcode.Ret: LowerReturn(ins); break;
            case Opcode.Throw:
            case Opcode.Rethrow: LowerThrow(ins); break;
            case Opcode.NullCheck: LowerNullCheck(ins); break;

            case Opcode.ToDyn: LowerToDyn(ins); break;
            case Opcode.SafeCast: LowerSafeCast(ins); break;
            case Opcode.UnsafeCast: LowerUnsafeCast(ins); break;
            case Opcode.ToVirtual: Store(ins.A, CallHelper("rt_to_virtual", TypeDescriptor(RegType(ins.A)), Load(ins.B))); break;

            case Opcode.GetI8:
            case Opcode.GetI16:
            case Opcode.GetMem: LowerGetMemory(ins); break;
            case Opcode.SetI8:
            case Opcode.SetI16:
            case Opcode.SetMem: LowerSetMemory(ins); break;
            case Opcode.GetArray: LowerGetArray(ins); break;
            case Opcode.SetArray: LowerSetArray(ins); break;
            case Opcode.ArraySize: LowerArraySize(ins); break;
            case Opcode.New: LowerNew(ins); break;
            case Opcode.Type: Store(ins.A, TypeDescriptor(_m.Code.Types[ins.B])); break;
            case Opcode.GetType: LowerGetType(ins); break;
            case Opcode.GetTID: Store(ins.A, _b.Load(_c.I32, Load(ins.B))); break;
            case Opcode.Ref: Store(ins.A, RegisterAddress(ins.B)); break;
            case Opcode.Unref: Store(ins.A, _b.Load(RegLType(ins.A), Load(ins.B))); break;
            case Opcode.Setref: StoreValue(Load(ins.B), Load(ins.A), RegType(ins.B)); break;
            case Opcode.RefData: LowerRefData(ins); break;
            case Opcode.RefOffset: LowerRefOffset(ins); break;

            case Opcode.MakeEnum: LowerMakeEnum(ins); break;
            case Opcode.EnumAlloc: Store(ins.A, NewEnum(RegType(ins.A), ins.B)); break;
            case Opcode.EnumIndex: LowerEnumIndex(ins); break;
            case Opcode.EnumField: LowerEnumField(ins); break;
            case Opcode.SetEnumField: LowerSetEnumField(ins); break;

            case Opcode.Trap:
            case Opcode.EndTrap:
                // Regions are resolved by the CFG: calls inside one are lowered as invokes.
                break;
            case Opcode.Label:
            case Opcode.Nop:
            case Opcode.Catch:
            case Opcode.Prefetch:
                break;
            default:
                throw Unsupported();
        }
    }
}
