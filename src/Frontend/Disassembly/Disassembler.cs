using System.Globalization;
using Vm.Frontend.Model;

namespace Vm.Frontend.Disassembly;

/// <summary>Prints a module as text: header, types, globals, natives, then every function's instructions.</summary>
public sealed class Disassembler
{
    private readonly HlModule _module;
    private readonly OperandFormatter _operands;

    public Disassembler(HlModule module)
    {
        _module = module;
        _operands = new OperandFormatter(module);
    }

    public void WriteModule(TextWriter w)
    {
        var m = _module;
        w.WriteLine($"hl bytecode version {m.Version}, {(m.HasDebugInfo ? "with" : "without")} debug info");
        w.WriteLine($"entry: {m.CalleeName(m.EntryPoint)}@{m.EntryPoint}");
        w.WriteLine($"{m.Ints.Count} ints, {m.Floats.Count} floats, {m.Strings.Count} strings, {m.BytesPositions.Count} bytes, " +
                    $"{m.Types.Count} types, {m.Globals.Count} globals, {m.Natives.Count} natives, {m.Functions.Count} functions, {m.Constants.Count} constants");
        w.WriteLine();
        WriteTypes(w);
        w.WriteLine("globals:");
        for (var i = 0; i < m.Globals.Count; i++)
            w.WriteLine($"  global#{i} : {m.Globals[i]}");
        w.WriteLine();
        w.WriteLine("natives:");
        foreach (var n in m.Natives)
            w.WriteLine($"  @{n.FunctionIndex} {n.QualifiedName} : {n.Type}");
        w.WriteLine();
        if (m.Constants.Count > 0)
        {
            w.WriteLine("constants:");
            foreach (var c in m.Constants)
                w.WriteLine($"  global#{c.GlobalIndex} = [{string.Join(", ", c.Fields)}]");
            w.WriteLine();
        }
        w.WriteLine("functions:");
        foreach (var f in m.Functions)
            WriteFunction(w, f);
    }

    private void WriteTypes(TextWriter w)
    {
        w.WriteLine("types:");
        foreach (var t in _module.Types)
        {
            w.WriteLine($"  #{t.Index} {(t.Kind == TypeKind.Obj ? "class " : "")}{t}");
            if (t.Object is { } obj)
            {
                if (obj.Super is { } s)
                    w.WriteLine($"      extends {s}");
                if (obj.GlobalIndex >= 0)
                    w.WriteLine($"      global global#{obj.GlobalIndex}");
                var first = obj.TotalFieldCount - obj.Fields.Count;
                for (var i = 0; i < obj.Fields.Count; i++)
                    w.WriteLine($"      field {first + i} {obj.Fields[i].Name} : {obj.Fields[i].Type}");
                foreach (var p in obj.Protos)
                    w.WriteLine($"      method {p.Name} = {_module.CalleeName(p.FunctionIndex)}@{p.FunctionIndex}{(p.Slot >= 0 ? " slot " + p.Slot : "")}");
                foreach (var b in obj.Bindings)
                    w.WriteLine($"      binding field {b.FieldIndex} ({obj.FieldAt(b.FieldIndex)?.Name}) = {_module.CalleeName(b.FunctionIndex)}@{b.FunctionIndex}");
            }
            else if (t.Enum is { } e)
            {
                if (e.GlobalIndex >= 0)
                    w.WriteLine($"      global global#{e.GlobalIndex}");
                for (var i = 0; i < e.Constructs.Count; i++)
                    w.WriteLine($"      {i} {e.Constructs[i].Name}({string.Join(", ", e.Constructs[i].Params)})");
            }
        }
        w.WriteLine();
    }

    public void WriteFunction(TextWriter w, HlFunction f)
    {
        w.WriteLine($"{f.Name}@{f.FunctionIndex} : {f.Type}{FunctionPosition(f)}");
        for (var r = 0; r < f.Registers.Count; r++)
            w.WriteLine($"    r{r} {f.Registers[r]}");
        var width = Math.Max(1, (f.Instructions.Count - 1).ToString(CultureInfo.InvariantCulture).Length);
        for (var i = 0; i < f.Instructions.Count; i++)
        {
            var ins = f.Instructions[i];
            var text = $"  {i.ToString(CultureInfo.InvariantCulture).PadLeft(width)}: {ins.Info.Name,-16} {_operands.Format(f, i)}";
            w.WriteLine(f.Positions is null ? text.TrimEnd() : $"{text.TrimEnd(),-72} ; {Position(f.Positions[i])}");
        }
        w.WriteLine();
    }

    /// <summary>"file:line" of a debug position, or "?" when the instruction has none.</summary>
    public string Position(DebugPosition p) =>
        p.FileIndex >= 0 && p.FileIndex < _module.DebugFiles.Count ? $"{_module.DebugFiles[p.FileIndex]}:{p.Line}" : "?";

    private string FunctionPosition(HlFunction f) =>
        f.Positions is { Count: > 0 } ps ? "  (" + Position(ps[0]) + ")" : "";
}
