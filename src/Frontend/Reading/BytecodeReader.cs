using Vm.Frontend.Model;

namespace Vm.Frontend.Reading;

/// <summary>
/// Reads a HashLink bytecode module (format versions 2 to 5) into an <see cref="HlModule"/>.
/// Any malformed input raises <see cref="BytecodeFormatException"/>; nothing else escapes.
/// </summary>
public static class BytecodeReader
{
    public const int MinVersion = 2;
    public const int MaxVersion = 5;

    public static HlModule ReadFile(string path) => Read(File.ReadAllBytes(path));

    public static HlModule Read(byte[] data)
    {
        var r = new ByteCursor(data);
        try
        {
            return ReadModule(r);
        }
        catch (BytecodeFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidOperationException or OverflowException)
        {
            // Defence in depth: a check the reader missed still reports where it stopped.
            throw r.Error("malformed data (" + e.Message + ")");
        }
    }

    private static HlModule ReadModule(ByteCursor r)
    {
        r.Section = "header";
        if (r.Remaining < 4 || r.Byte() != 'H' || r.Byte() != 'L' || r.Byte() != 'B')
            throw r.Error("not a HashLink bytecode file (missing 'HLB' signature)", 0);
        var version = r.Byte();
        if (version < MinVersion || version > MaxVersion)
            throw r.Error($"unsupported bytecode version {version} (supported: {MinVersion} to {MaxVersion})", 3);
        var flags = r.UIndex();
        var nints = r.Count("int", 4);
        var nfloats = r.Count("float", 8);
        var nstrings = r.Count("string");
        var nbytes = version >= 5 ? r.Count("bytes") : 0;
        var ntypes = r.Count("type");
        var nglobals = r.Count("global");
        var nnatives = r.Count("native");
        var nfunctions = r.Count("function");
        var nconstants = version >= 4 ? r.Count("constant") : 0;
        var entryStart = r.Position;
        var entryPoint = r.UIndex();

        r.Section = "ints";
        var ints = new int[nints];
        for (var i = 0; i < nints; i++)
            ints[i] = r.Int32();

        r.Section = "floats";
        var floats = new double[nfloats];
        for (var i = 0; i < nfloats; i++)
            floats[i] = r.Double();

        r.Section = "strings";
        var strings = ReadStringBlock(r, nstrings);

        var bytesBlob = Array.Empty<byte>();
        var bytesPositions = Array.Empty<int>();
        if (version >= 5)
        {
            r.Section = "bytes";
            var size = r.Int32();
            bytesBlob = r.Bytes(size).ToArray();
            bytesPositions = new int[nbytes];
            for (var i = 0; i < nbytes; i++)
            {
                var start = r.Position;
                bytesPositions[i] = r.UIndex();
                if (bytesPositions[i] > size)
                    throw r.Error($"bytes constant {i} starts at {bytesPositions[i]}, past the pool size {size}", start);
            }
        }

        var debugFiles = Array.Empty<string>();
        if ((flags & 1) != 0)
        {
            r.Section = "debug files";
            var nfiles = r.Count("debug file");
            debugFiles = ReadStringBlock(r, nfiles);
        }

        var functionSpace = nfunctions + nnatives;
        r.Section = "types";
        var types = TypeSectionReader.Read(r, ntypes, strings, nglobals, functionSpace);

        r.Section = "globals";
        var globals = new HlType[nglobals];
        for (var i = 0; i < nglobals; i++)
            globals[i] = types[r.IndexBelow(ntypes, "type")];

        r.Section = "natives";
        var natives = new HlNative[nnatives];
        for (var i = 0; i < nnatives; i++)
        {
            var lib = strings[r.IndexBelow(nstrings, "string")];
            var name = strings[r.IndexBelow(nstrings, "string")];
            var typeStart = r.Position;
            var type = types[r.IndexBelow(ntypes, "type")];
            if (type.Kind != TypeKind.Fun)
                throw r.Error($"native {lib}.{name} has non-function type {type}", typeStart);
            var findex = r.IndexBelow(functionSpace, "function");
            natives[i] = new HlNative(i, lib, name, type, findex);
        }

        var context = new FunctionReader.Context(version, ints.Length, floats.Length, strings, nbytes, debugFiles.Length,
            types, nglobals, functionSpace, (flags & 1) != 0);
        var functions = new HlFunction[nfunctions];
        for (var i = 0; i < nfunctions; i++)
            functions[i] = FunctionReader.Read(r, context, i);

        r.Section = "constants";
        var constants = new HlConstant[nconstants];
        for (var i = 0; i < nconstants; i++)
        {
            var global = r.IndexBelow(nglobals, "global");
            var nfields = r.Count("constant field");
            var fields = new int[nfields];
            for (var j = 0; j < nfields; j++)
                fields[j] = r.UIndex();
            constants[i] = new HlConstant(global, fields);
        }

        r.Section = "function index space";
        CheckFunctionIndexSpace(r, functions, natives);
        if (entryPoint >= functionSpace || functions.All(f => f.FunctionIndex != entryPoint))
            throw r.Error($"entry point {entryPoint} is not a bytecode function", entryStart);

        var module = new HlModule(new ModuleContents(version, flags, ints, floats, strings, bytesBlob, bytesPositions,
            debugFiles, types, globals, natives, functions, constants, entryPoint));
        FunctionNaming.Assign(module);
        return module;
    }

    private static string[] ReadStringBlock(ByteCursor r, int count)
    {
        var size = r.Int32();
        var block = r.Bytes(size);
        var result = new string[count];
        var pos = 0;
        for (var i = 0; i < count; i++)
        {
            var lengthStart = r.Position;
            var length = r.UIndex();
            if ((long)pos + length >= size || block[pos + length] != 0)
                throw r.Error($"string {i} of length {length} at block offset {pos} overruns the {size}-byte block or lacks its terminator", lengthStart);
            result[i] = ByteCursor.DecodeUtf8(block.Slice(pos, length));
            pos += length + 1;
        }
        return result;
    }

    // Functions and natives share one index space; every slot must be taken exactly once.
    private static void CheckFunctionIndexSpace(ByteCursor r, HlFunction[] functions, HlNative[] natives)
    {
        var owner = new string?[functions.Length + natives.Length];
        foreach (var f in functions)
        {
            if (owner[f.FunctionIndex] is { } other)
                throw r.Error($"function index {f.FunctionIndex} used by function #{f.Index} and by {other}");
            owner[f.FunctionIndex] = $"function #{f.Index}";
        }
        foreach (var n in natives)
        {
            if (owner[n.FunctionIndex] is { } other)
                throw r.Error($"function index {n.FunctionIndex} used by native {n.QualifiedName} and by {other}");
            owner[n.FunctionIndex] = "native " + n.QualifiedName;
        }
    }
}
