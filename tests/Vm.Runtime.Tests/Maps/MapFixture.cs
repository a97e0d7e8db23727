using Vm.Frontend.Model;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.Maps;

/// <summary>A runtime bound to the test thread, plus helpers to make keys and values and read native arrays.</summary>
public sealed unsafe class MapFixture : IDisposable
{
    private readonly RuntimeFixture _inner = new();

    public VmRuntime Runtime => _inner.Runtime;

    public nint Native(string name) => _inner.Native("std", name);

    public string? TakePendingError() => _inner.TakePendingError();

    /// <summary>A zero-terminated UTF-16 buffer on the heap (what String.bytes points to).</summary>
    public nint Utf16(string text) => Runtime.Strings.AllocUtf16(text);

    /// <summary>A boxed Int (a dynamic), standing for any value a map holds.</summary>
    public nint Box(int value)
    {
        var p = Runtime.AllocateDynamic(Runtime.Types.Builtin(TypeKind.I32));
        *(int*)(p + ValueLayout.DynamicValue) = value;
        return p;
    }

    public static int Unbox(nint box) => *(int*)(box + ValueLayout.DynamicValue);

    public nint ElementType(TypeKind kind) => Runtime.Types.Builtin(kind).Native;

    public static T[] Elements<T>(nint array) where T : unmanaged =>
        new ReadOnlySpan<T>((void*)HlArrays.Data(array), HlArrays.Length(array)).ToArray();

    /// <summary>Asserts a native array's own type and element type, as hl_alloc_array sets them.</summary>
    public void AssertArrayOf(TypeKind elementKind, nint array)
    {
        Assert.NotEqual(0, array);
        Assert.Equal(Runtime.Types.Builtin(TypeKind.Array).Native, *(nint*)array);
        Assert.Equal(ElementType(elementKind), HlArrays.ElementType(array));
    }

    public void Dispose() => _inner.Dispose();
}
