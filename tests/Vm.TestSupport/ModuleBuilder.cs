using System.Text;
using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;

namespace Vm.TestSupport;

/// <summary>
/// Writes HashLink bytecode by hand, for tests that need modules Haxe would not produce
/// (every type kind, every operand shape, malformed control flow, old format versions).
/// Indices it returns are the ones the written module uses.
/// </summary>
public sealed class ModuleBuilder
{
    private readonly List<int> _ints = [];
    private readonly List<double> _floats = [];
    private readonly List<string> _strings = [];
    private readonly List<byte[]> _bytes = [];
    private readonly List<string> _debugFiles = [];
    private readonly List<byte[]> _types = [];
    private readonly List<int> _globals = [];
    private readonly List<(int Lib, int Name, int Type, int FIndex)> _natives = [];
    private readonly List<FunctionSpec> _functions = [];
    private readonly List<(int Global, int[] Fields)> _constants = [];
    private int _nextFunctionIndex;

    public ModuleBuilder(int version = 4, bool debug = true)
    {
        Version = version;
        Debug = debug;
    }

    public int Version { get; }
    public bool Debug { get; }

    /// <summary>Function index of the entry point; defaults to the first function added.</summary>
    public int? EntryPoint { get; set; }

    public int Int(int v) { _ints.Add(v); return _ints.Count - 1; }
    public int Float(double v) { _floats.Add(v); return _floats.Count - 1; }

    public int String(string s)
    {
        var i = _strings.IndexOf(s);
        if (i >= 0)
            return i;
        _strings.Add(s);
        return _strings.Count - 1;
    }

    public int Bytes(byte[] b) { _bytes.Add(b); return _bytes.Count - 1; }
    public int DebugFile(string name) { _debugFiles.Add(name); return _debugFiles.Count - 1; }

    /// <summary>A type of a kind that has no data (scalars, bytes, dyn, array, type, dynobj, guid).</summary>
    public int Type(TypeKind kind) => AddType(w => w.Byte((byte)kind));

    public int Fun(int[] args, int ret, TypeKind kind = TypeKind.Fun) => AddType(w =>
    {
        w.Byte((byte)kind);
        w.Byte((byte)args.Length);
        foreach (var a in args)
            w.Index(a);
        w.Index(ret);
    });

    /// <summary>An object (or struct) type. Globals are given as index, or -1 for none.</summary>
    public int Obj(string name, int super = -1, int global = -1, (string Name, int Type)[]? fields = null,
        (string Name, int FIndex, int Slot)[]? protos = null, (int Field, int FIndex)[]? bindings = null, TypeKind kind = TypeKind.Obj)
    {
        var nameIndex = String(name);
        var fieldNames = (fields ?? []).Select(f => (String(f.Name), f.Type)).ToArray();
        var protoNames = (protos ?? []).Select(p => (String(p.Name), p.FIndex, p.Slot)).ToArray();
        return AddType(w =>
        {
            w.Byte((byte)kind);
            w.Index(nameIndex);
            w.Index(super);
            w.Index(global + 1);
            w.Index(fieldNames.Length);
            w.Index(protoNames.Length);
            w.Index(bindings?.Length ?? 0);
            foreach (var (n, t) in fieldNames) { w.Index(n); w.Index(t); }
            foreach (var (n, f, s) in protoNames) { w.Index(n); w.Index(f); w.Index(s); }
            foreach (var (f, fi) in bindings ?? []) { w.Index(f); w.Index(fi); }
        });
    }

    public int Virtual((string Name, int Type)[] fields)
    {
        var names = fields.Select(f => (String(f.Name), f.Type)).ToArray();
        return AddType(w =>
        {
            w.Byte((byte)TypeKind.Virtual);
            w.Index(names.Length);
            foreach (var (n, t) in names) { w.Index(n); w.Index(t); }
        });
    }

    public int Abstract(string name)
    {
        var n = String(name);
        return AddType(w => { w.Byte((byte)TypeKind.Abstract); w.Index(n); });
    }

    public int Enum(string name, int global, params (string Name, int[] Params)[] constructs)
    {
        var n = String(name);
        var cs = constructs.Select(c => (String(c.Name), c.Params)).ToArray();
        return AddType(w =>
        {
            w.Byte((byte)TypeKind.Enum);
            w.Index(n);
            w.Index(global + 1);
            w.Index(cs.Length);
            foreach (var (cn, ps) in cs)
            {
                w.Index(cn);
                w.Index(ps.Length);
                foreach (var p in ps)
                    w.Index(p);
            }
        });
    }

    /// <summary>Ref, Null or Packed of a type.</summary>
    public int Wrap(TypeKind kind, int param) => AddType(w => { w.Byte((byte)kind); w.Index(param); });

    /// <summary>Appends raw type bytes (for malformed-input tests).</summary>
    public int RawType(params byte[] bytes) => AddType(w => w.Raw(bytes));

    public int Global(int type) { _globals.Add(type); return _globals.Count - 1; }

    public int Native(string lib, string name, int funType)
    {
        var f = _nextFunctionIndex++;
        _natives.Add((String(lib), String(name), funType, f));
        return f;
    }

    /// <summary>Reserves the next function index, for functions that refer to themselves or to later functions.</summary>
    public int ReserveFunctionIndex() => _nextFunctionIndex++;

    /// <summary>Adds a function; returns its function index.</summary>
    public int Function(int funType, int[] registers, IEnumerable<Instruction> code, int? functionIndex = null,
        (int File, int Line)[]? positions = null, (string Name, int Op)[]? assigns = null)
    {
        var findex = functionIndex ?? _nextFunctionIndex++;
        var ops = code.ToList();
        _functions.Add(new FunctionSpec(funType, findex, registers, ops, positions,
            (assigns ?? []).Select(a => (String(a.Name), a.Op)).ToArray()));
        return findex;
    }

    public void Constant(int global, params int[] fields) => _constants.Add((global, fields));

    /// <summary>Shorthand for an instruction.</summary>
    public static Instruction Op(Opcode op, params int[] operands) => new(op, operands);

    public static Instruction OpList(Opcode op, int[] operands, int[] list) => new(op, operands, list);

    public byte[] Build()
    {
        var w = new ByteWriter();
        w.Raw("HLB"u8.ToArray());
        w.Byte((byte)Version);
        w.Index(Debug ? 1 : 0);
        w.Index(_ints.Count);
        w.Index(_floats.Count);
        w.Index(_strings.Count);
        if (Version >= 5)
            w.Index(_bytes.Count);
        w.Index(_types.Count);
        w.Index(_globals.Count);
        w.Index(_natives.Count);
        w.Index(_functions.Count);
        if (Version >= 4)
            w.Index(_constants.Count);
        w.Index(EntryPoint ?? _functions[0].FIndex);
        foreach (var i in _ints)
            w.Int32(i);
        foreach (var f in _floats)
            w.Raw(BitConverter.GetBytes(f));
        WriteStrings(w, _strings);
        if (Version >= 5)
        {
            w.Int32(_bytes.Sum(b => b.Length));
            foreach (var b in _bytes)
                w.Raw(b);
            var pos = 0;
            foreach (var b in _bytes) { w.Index(pos); pos += b.Length; }
        }
        if (Debug)
        {
            if (_debugFiles.Count == 0)
                DebugFile("Test.hx");
            w.Index(_debugFiles.Count);
            WriteStrings(w, _debugFiles);
        }
        foreach (var t in _types)
            w.Raw(t);
        foreach (var g in _globals)
            w.Index(g);
        foreach (var (lib, name, type, findex) in _natives)
        {
            w.Index(lib); w.Index(name); w.Index(type); w.Index(findex);
        }
        foreach (var f in _functions)
            WriteFunction(w, f);
        if (Version >= 4)
        {
            foreach (var (g, fields) in _constants)
            {
                w.Index(g);
                w.Index(fields.Length);
                foreach (var x in fields)
                    w.Index(x);
            }
        }
        return w.ToArray();
    }

    private void WriteFunction(ByteWriter w, FunctionSpec f)
    {
        w.Index(f.Type);
        w.Index(f.FIndex);
        w.Index(f.Registers.Length);
        w.Index(f.Code.Count);
        foreach (var r in f.Registers)
            w.Index(r);
        foreach (var ins in f.Code)
            WriteInstruction(w, ins);
        if (!Debug)
            return;
        var positions = f.Positions ?? Enumerable.Range(0, f.Code.Count).Select(i => (0, i + 1)).ToArray();
        WritePositions(w, positions);
        if (Version >= 3)
        {
            w.Index(f.Assigns.Length);
            foreach (var (name, op) in f.Assigns) { w.Index(name); w.Index(op); }
        }
    }

    private static void WriteInstruction(ByteWriter w, Instruction ins)
    {
        var info = ins.Info;
        w.Byte((byte)ins.Opcode);
        for (var i = 0; i <= info.Operands.Length; i++)
        {
            if (info.List is { } spec && spec.Position == i)
            {
                if (spec.CountIsByte)
                    w.Byte((byte)ins.List.Length);
                else
                    w.Index(ins.List.Length);
                foreach (var v in ins.List)
                    w.Index(v);
            }
            if (i < info.Operands.Length)
                w.Index(ins.Operands[i]);
        }
    }

    // Uses every encoding of the line table: file changes, runs on one line, small deltas, absolute lines.
    private static void WritePositions(ByteWriter w, (int File, int Line)[] positions)
    {
        var file = -1;
        var line = 0;
        var i = 0;
        while (i < positions.Length)
        {
            var (pf, pl) = positions[i];
            if (pf != file)
            {
                w.Byte((byte)(((pf >> 8) << 1) | 1));
                w.Byte((byte)(pf & 0xFF));
                file = pf;
                continue;
            }
            if (pl == line)
            {
                var run = 1;
                while (run < 15 && i + run < positions.Length && positions[i + run] == (file, line))
                    run++;
                w.Byte((byte)(2 | (run << 2)));
                i += run;
            }
            else if (pl > line && pl - line < 32)
            {
                w.Byte((byte)(4 | ((pl - line) << 3)));
                line = pl;
                i++;
            }
            else
            {
                w.Byte((byte)((pl & 0x1F) << 3));
                w.Byte((byte)((pl >> 5) & 0xFF));
                w.Byte((byte)(pl >> 13));
                line = pl;
                i++;
            }
        }
    }

    private static void WriteStrings(ByteWriter w, List<string> strings)
    {
        var encoded = strings.Select(Encoding.UTF8.GetBytes).ToList();
        w.Int32(encoded.Sum(e => e.Length + 1));
        foreach (var e in encoded) { w.Raw(e); w.Byte(0); }
        foreach (var e in encoded)
            w.Index(e.Length);
    }

    private int AddType(Action<ByteWriter> write)
    {
        var w = new ByteWriter();
        write(w);
        _types.Add(w.ToArray());
        return _types.Count - 1;
    }

    private sealed record FunctionSpec(int Type, int FIndex, int[] Registers, List<Instruction> Code,
        (int File, int Line)[]? Positions, (int Name, int Op)[] Assigns);
}

/// <summary>The primitive encodings of the .hl format.</summary>
public sealed class ByteWriter
{
    private readonly List<byte> _data = [];

    public void Byte(byte b) => _data.Add(b);
    public void Raw(byte[] bytes) => _data.AddRange(bytes);
    public void Int32(int v) => _data.AddRange(BitConverter.GetBytes(v));

    /// <summary>Compact signed index: 1 byte below 128, else 2 bytes below 8192, else 4 bytes.</summary>
    public void Index(int v)
    {
        if (v >= 0 && v < 0x80)
        {
            Byte((byte)v);
            return;
        }
        var sign = v < 0 ? 0x20 : 0;
        var abs = Math.Abs(v);
        if (abs < 0x2000)
        {
            Byte((byte)(0x80 | sign | (abs >> 8)));
            Byte((byte)(abs & 0xFF));
        }
        else
        {
            Byte((byte)(0xC0 | sign | (abs >> 24)));
            Byte((byte)((abs >> 16) & 0xFF));
            Byte((byte)((abs >> 8) & 0xFF));
            Byte((byte)(abs & 0xFF));
        }
    }

    public byte[] ToArray() => _data.ToArray();
}
