using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.TestSupport;

namespace Vm.Frontend.Tests;

/// <summary>
/// A module with one of everything an operand can name (registers of several types, constants,
/// a global, a native, an object with fields and a method, an enum), so any opcode can be
/// encoded with valid operands of every kind.
/// </summary>
internal sealed class EveryShapeModule
{
    private readonly ModuleBuilder _b = new(version: 5);
    private readonly int _fun;
    private readonly int[] _regs;

    public EveryShapeModule()
    {
        var b = _b;
        var v = b.Type(TypeKind.Void);
        var i32 = b.Type(TypeKind.I32);
        var dyn = b.Type(TypeKind.Dyn);
        b.Int(42);
        b.Float(1.5);
        b.Bytes([1, 2, 3]);
        _fun = b.Fun([], v);
        var native = b.Native("std", "sample", b.Fun([i32], i32));
        var self = b.ReserveFunctionIndex();
        var method = b.Fun([dyn], v, TypeKind.Method);
        var obj = b.Obj("Sample", fields: [("x", i32), ("y", dyn)], protos: [("run", self, 0)], global: b.Global(dyn));
        var en = b.Enum("Choice", -1, ("A", []), ("B", [i32, dyn]));
        _regs = [obj, i32, i32, dyn, en, method];
        SelfIndex = self;
        NativeIndex = native;
    }

    public int SelfIndex { get; }
    public int NativeIndex { get; }

    /// <summary>An instruction of opcode <paramref name="op"/> with a valid operand of every kind it takes.</summary>
    public Instruction Sample(Opcode op)
    {
        var info = OpcodeTable.Get(op);
        var operands = new int[info.Operands.Length];
        for (var i = 0; i < operands.Length; i++)
        {
            operands[i] = info.Operands[i] switch
            {
                OperandKind.Dst or OperandKind.Reg or OperandKind.RegInOut => op is Opcode.EnumField or Opcode.SetEnumField or Opcode.MakeEnum or Opcode.EnumAlloc ? 4 : i,
                OperandKind.Function => NativeIndex,
                OperandKind.Field or OperandKind.Method => 1,
                OperandKind.Construct or OperandKind.ConstructParam => 1,
                OperandKind.Jump or OperandKind.SwitchEnd => 0,
                OperandKind.Immediate => 3,
                _ => 0,
            };
        }
        int[]? list = info.List?.Kind switch
        {
            OperandKind.Reg => [0, 1, 3],
            OperandKind.Jump => [0, 0],
            _ => null,
        };
        return new Instruction(op, operands, list);
    }

    /// <summary>The module with one function: the instruction, then a return.</summary>
    public byte[] BuildWith(Instruction ins)
    {
        _b.Function(_fun, _regs, [ins, ModuleBuilder.Op(Opcode.Ret, 1)], functionIndex: SelfIndex);
        return _b.Build();
    }
}
