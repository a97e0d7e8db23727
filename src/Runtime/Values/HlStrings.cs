using System.Runtime.InteropServices;
using Vm.Runtime.Memory;
using Vm.Runtime.Types;

namespace Vm.Runtime.Values;

/// <summary>
/// Haxe strings on HashLink: a String object {bytes: UTF-16 code units, zero-terminated; length in
/// code units}, and raw UTF-16 buffers (hl.Bytes) that natives pass around.
/// </summary>
public sealed unsafe class HlStrings
{
    private readonly VmRuntime _runtime;
    private readonly Lazy<(RuntimeType Type, int BytesOffset, int LengthOffset)> _stringClass;

    internal HlStrings(VmRuntime runtime)
    {
        _runtime = runtime;
        _stringClass = new(FindStringClass);
    }

    /// <summary>A zero-terminated UTF-16 copy in permanent memory.</summary>
    public nint PermanentUtf16(ReadOnlySpan<char> text)
    {
        var p = _runtime.Permanent.Allocate(2L * (text.Length + 1));
        text.CopyTo(new Span<char>((void*)p, text.Length));
        return p;
    }

    /// <summary>A zero-terminated UTF-16 copy on the heap.</summary>
    public nint AllocUtf16(ReadOnlySpan<char> text)
    {
        var p = _runtime.Heap.Allocate(2L * (text.Length + 1), BlockLayout.NoPointers);
        text.CopyTo(new Span<char>((void*)p, text.Length));
        return p;
    }

    /// <summary>A new String object holding <paramref name="text"/>.</summary>
    public nint NewString(ReadOnlySpan<char> text)
    {
        var (type, bytesOffset, lengthOffset) = _stringClass.Value;
        var obj = _runtime.AllocateObject(type);
        Gc.WriteBarrier.Store(obj + bytesOffset, AllocUtf16(text));
        *(int*)(obj + lengthOffset) = text.Length;
        return obj;
    }

    /// <summary>The text of a String object (null for a null pointer).</summary>
    public string? Read(nint stringObject)
    {
        if (stringObject == 0)
            return null;
        var (_, bytesOffset, lengthOffset) = _stringClass.Value;
        return ReadUtf16(*(nint*)(stringObject + bytesOffset), *(int*)(stringObject + lengthOffset));
    }

    /// <summary>The String class of the module (every Haxe module has one).</summary>
    public RuntimeType StringType => _stringClass.Value.Type;

    public static string ReadUtf16(nint chars, int length) =>
        chars == 0 ? "" : new string((char*)chars, 0, length);

    /// <summary>Reads UTF-16 code units up to the terminating zero.</summary>
    public static string ReadUtf16Z(nint chars)
    {
        if (chars == 0)
            return "";
        var p = (char*)chars;
        var n = 0;
        while (p[n] != 0)
            n++;
        return new string(p, 0, n);
    }

    /// <summary>Reads a zero-terminated UTF-8 buffer.</summary>
    public static string ReadUtf8Z(nint bytes) => bytes == 0 ? "" : Marshal.PtrToStringUTF8(bytes) ?? "";

    private (RuntimeType, int, int) FindStringClass()
    {
        var type = _runtime.Types.FindClass("String")
            ?? throw new InvalidOperationException("the module has no String class");
        var fields = type.Source!.Object!;
        int Offset(string name)
        {
            for (var i = 0; i < fields.TotalFieldCount; i++)
                if (fields.FieldAt(i)!.Name == name)
                    return type.Object!.FieldOffsets[i];
            throw new InvalidOperationException($"the String class has no field '{name}'");
        }
        if (type.Object is null)
            throw new InvalidOperationException("the String class has no layout");
        return (type, Offset("bytes"), Offset("length"));
    }
}
