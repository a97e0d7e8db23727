namespace Vm.Frontend.Model;

/// <summary>
/// A read bytecode module. Immutable; every index in it was checked by the reader, so the
/// lookups below never fail for indices that come from the module's own instructions.
/// </summary>
public sealed class HlModule
{
    private readonly Callee[] _callees;

    internal HlModule(ModuleContents c)
    {
        Version = c.Version;
        Flags = c.Flags;
        Ints = c.Ints;
        Floats = c.Floats;
        Strings = c.Strings;
        BytesBlob = c.BytesBlob;
        BytesPositions = c.BytesPositions;
        DebugFiles = c.DebugFiles;
        Types = c.Types;
        Globals = c.Globals;
        Natives = c.Natives;
        Functions = c.Functions;
        Constants = c.Constants;
        EntryPoint = c.EntryPoint;
        _callees = new Callee[Functions.Count + Natives.Count];
        foreach (var f in Functions)
            _callees[f.FunctionIndex] = new Callee(f, null);
        foreach (var n in Natives)
            _callees[n.FunctionIndex] = new Callee(null, n);
    }

    /// <summary>Bytecode format version (2 to 5).</summary>
    public int Version { get; }

    /// <summary>Header flags; bit 0 says the module has debug info.</summary>
    public int Flags { get; }

    public bool HasDebugInfo => (Flags & 1) != 0;

    public IReadOnlyList<int> Ints { get; }
    public IReadOnlyList<double> Floats { get; }
    public IReadOnlyList<string> Strings { get; }

    /// <summary>Raw bytes pool (version 5; empty before).</summary>
    public ReadOnlyMemory<byte> BytesBlob { get; }

    /// <summary>Start offset in <see cref="BytesBlob"/> of each bytes constant.</summary>
    public IReadOnlyList<int> BytesPositions { get; }

    public IReadOnlyList<string> DebugFiles { get; }
    public IReadOnlyList<HlType> Types { get; }

    /// <summary>Type of each global.</summary>
    public IReadOnlyList<HlType> Globals { get; }

    public IReadOnlyList<HlNative> Natives { get; }
    public IReadOnlyList<HlFunction> Functions { get; }
    public IReadOnlyList<HlConstant> Constants { get; }

    /// <summary>Function index of the entry point (the module initializer, which calls main).</summary>
    public int EntryPoint { get; }

    /// <summary>Size of the shared function/native index space.</summary>
    public int FunctionIndexCount => _callees.Length;

    /// <summary>What a function index refers to: a bytecode function or a native.</summary>
    public Callee GetCallee(int functionIndex) => _callees[functionIndex];

    public bool IsValidFunctionIndex(int functionIndex) => (uint)functionIndex < (uint)_callees.Length;

    /// <summary>The bytecode function for a function index, or null if it names a native.</summary>
    public HlFunction? FunctionAt(int functionIndex) => _callees[functionIndex].Function;

    /// <summary>Readable name for a function index: the function's name or the native's "lib.name".</summary>
    public string CalleeName(int functionIndex)
    {
        var c = _callees[functionIndex];
        return c.Function?.Name ?? c.Native!.QualifiedName;
    }

    /// <summary>
    /// Finds functions by name (several may share one). Static functions are named after their
    /// class object ("$Main.main"); "Main.main" finds them too when no instance method has that name.
    /// </summary>
    public IReadOnlyList<HlFunction> FindFunctions(string name)
    {
        var exact = Functions.Where(f => f.Name == name).ToList();
        return exact.Count > 0 ? exact : Functions.Where(f => f.Name == "$" + name).ToList();
    }

    /// <summary>The bytes of one bytes constant (OBytes): from the bytes pool in version 5, else the UTF-8 string.</summary>
    public ReadOnlyMemory<byte> GetBytesConstant(int index)
    {
        if (Version >= 5)
        {
            // A constant runs to the next constant's start (or the end of the pool).
            var start = BytesPositions[index];
            var end = BytesBlob.Length;
            foreach (var p in BytesPositions)
                if (p > start && p < end)
                    end = p;
            return BytesBlob[start..end];
        }
        return System.Text.Encoding.UTF8.GetBytes(Strings[index] + "\0");
    }
}

/// <summary>Target of a function index: exactly one of <see cref="Function"/> and <see cref="Native"/> is set.</summary>
public readonly record struct Callee(HlFunction? Function, HlNative? Native)
{
    public HlType Type => Function?.Type ?? Native!.Type;
}

/// <summary>Everything the reader collected, handed to the <see cref="HlModule"/> constructor.</summary>
internal sealed record ModuleContents(
    int Version, int Flags, int[] Ints, double[] Floats, string[] Strings,
    byte[] BytesBlob, int[] BytesPositions, string[] DebugFiles, HlType[] Types, HlType[] Globals,
    HlNative[] Natives, HlFunction[] Functions, HlConstant[] Constants, int EntryPoint);
