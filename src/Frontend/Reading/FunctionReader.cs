using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;

namespace Vm.Frontend.Reading;

/// <summary>Reads one function: signature, registers, instructions (decoded with the opcode table), debug info.</summary>
internal static class FunctionReader
{
    /// <summary>Pool sizes and tables the instructions are checked against.</summary>
    public sealed record Context(int Version, int IntCount, int FloatCount, string[] Strings, int BytesCount,
        int DebugFileCount, HlType[] Types, int GlobalCount, int FunctionSpace, bool HasDebug);

    public static HlFunction Read(ByteCursor r, Context c, int index)
    {
        r.Section = $"function #{index}";
        var typeStart = r.Position;
        var type = c.Types[r.IndexBelow(c.Types.Length, "type")];
        if (type.Kind != TypeKind.Fun)
            throw r.Error($"function type {type} is not a function type", typeStart);
        var findex = r.IndexBelow(c.FunctionSpace, "function");
        r.Section = $"function #{index} (findex {findex})";
        var nregs = r.Count("register");
        var nops = r.Count("instruction");
        var regs = new HlType[nregs];
        for (var i = 0; i < nregs; i++)
            regs[i] = c.Types[r.IndexBelow(c.Types.Length, "type")];
        if (type.Function!.Args.Count > nregs)
            throw r.Error($"function takes {type.Function.Args.Count} arguments but has only {nregs} registers", typeStart);

        var ops = new Instruction[nops];
        for (var i = 0; i < nops; i++)
        {
            var start = r.Position;
            ops[i] = Decode(r);
            var problem = InstructionChecks.Check(ops[i], i, nops, nregs, c);
            if (problem is not null)
                throw r.Error($"instruction {i} ({ops[i].Info.Name}): {problem}", start);
        }

        DebugPosition[]? positions = null;
        var assigns = Array.Empty<DebugAssign>();
        if (c.HasDebug)
        {
            positions = DebugInfoReader.ReadPositions(r, nops, c.DebugFileCount);
            if (c.Version >= 3)
            {
                var n = r.Count("assign", 2);
                assigns = new DebugAssign[n];
                for (var i = 0; i < n; i++)
                {
                    var name = c.Strings[r.IndexBelow(c.Strings.Length, "string")];
                    assigns[i] = new DebugAssign(name, r.Index());
                }
            }
        }
        return new HlFunction(index, findex, type, regs, ops, positions, assigns);
    }

    private static Instruction Decode(ByteCursor r)
    {
        var start = r.Position;
        var raw = r.Byte();
        if (!OpcodeTable.TryGet(raw, out var info))
            throw r.Error($"unknown opcode {raw}", start);
        var operands = new int[info.Operands.Length];
        int[]? list = null;
        for (var i = 0; i <= operands.Length; i++)
        {
            if (info.List is { } spec && spec.Position == i)
                list = ReadList(r, spec);
            if (i < operands.Length)
                operands[i] = info.Operands[i] == OperandKind.SwitchEnd ? r.UIndex() : r.Index();
        }
        return new Instruction(info.Opcode, operands, list);
    }

    private static int[] ReadList(ByteCursor r, OperandList spec)
    {
        var count = spec.CountIsByte ? r.Byte() : r.Count("switch target");
        var list = new int[count];
        for (var i = 0; i < count; i++)
            list[i] = spec.CountIsByte ? r.Index() : r.UIndex();
        return list;
    }
}
