using System.Globalization;
using System.Text;
using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;

namespace Vm.Frontend.Disassembly;

/// <summary>Prints operands with their meaning resolved: registers, constants, names of fields, functions and globals.</summary>
public sealed class OperandFormatter
{
    private readonly HlModule _module;

    public OperandFormatter(HlModule module) => _module = module;

    public string Format(HlFunction f, int index)
    {
        var ins = f.Instructions[index];
        var info = ins.Info;
        var parts = new List<string>();
        for (var i = 0; i <= info.Operands.Length; i++)
        {
            if (info.List is { } spec && spec.Position == i)
            {
                var items = new List<string>();
                foreach (var v in ins.List)
                    items.Add(FormatOne(spec.Kind, v, f, ins, index));
                parts.Add("[" + string.Join(", ", items) + "]");
            }
            if (i < info.Operands.Length)
                parts.Add(FormatOne(info.Operands[i], ins.Operands[i], f, ins, index));
        }
        return string.Join(", ", parts);
    }

    private string FormatOne(OperandKind kind, int v, HlFunction f, Instruction ins, int index) => kind switch
    {
        OperandKind.Dst or OperandKind.Reg or OperandKind.RegInOut => "r" + v,
        OperandKind.IntConst => _module.Ints[v].ToString(CultureInfo.InvariantCulture),
        OperandKind.FloatConst => _module.Floats[v].ToString("R", CultureInfo.InvariantCulture),
        OperandKind.String => Quote(_module.Strings[v]),
        OperandKind.Bytes => _module.Version >= 5 ? $"bytes#{v}" : "bytes " + Quote(_module.Strings[v]),
        OperandKind.Global => $"global#{v}",
        OperandKind.Function => $"{_module.CalleeName(v)}@{v}",
        OperandKind.Type => TypeNames.Format(_module.Types[v]),
        OperandKind.Field => FieldName(f, ins, v),
        OperandKind.Method => MethodName(f, ins, v),
        OperandKind.Construct => ConstructName(f, ins, v),
        OperandKind.ConstructParam => "param " + v,
        OperandKind.Jump => "@" + (index + 1 + v),
        OperandKind.SwitchEnd => "end @" + (index + 1 + v),
        _ => v.ToString(CultureInfo.InvariantCulture),
    };

    private HlType? ScopeType(HlFunction f, Instruction ins)
    {
        var r = ScopeRegister.Of(ins);
        return r >= 0 && r < f.Registers.Count ? f.Registers[r] : null;
    }

    private string FieldName(HlFunction f, Instruction ins, int v)
    {
        var t = ScopeType(f, ins);
        var name = t?.Object?.FieldAt(v)?.Name ?? (t?.VirtualFields is { } vf && v < vf.Count ? vf[v].Name : null);
        return name is null ? $"field#{v}" : $"{name}#{v}";
    }

    private string MethodName(HlFunction f, Instruction ins, int v)
    {
        var t = ScopeType(f, ins);
        var name = t?.Object?.ProtoForSlot(v)?.Name ?? (t?.VirtualFields is { } vf && v < vf.Count ? vf[v].Name : null);
        return name is null ? $"method#{v}" : $"{name}#{v}";
    }

    private string ConstructName(HlFunction f, Instruction ins, int v)
    {
        var e = ScopeType(f, ins)?.Enum;
        return e is not null && v < e.Constructs.Count ? $"{e.Constructs[v].Name}#{v}" : $"construct#{v}";
    }

    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (ch < 0x20)
                        sb.Append("\\x").Append(((int)ch).ToString("x2", CultureInfo.InvariantCulture));
                    else
                        sb.Append(ch);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
