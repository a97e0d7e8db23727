using System.Reflection;
using Vm.Frontend.Model;

namespace Vm.Runtime.Natives;

/// <summary>Checks that a C# native's parameters and return match the HL type the bytecode declares.</summary>
public static class NativeSignatures
{
    public static void Check(HlNative native, MethodInfo method)
    {
        var sig = native.Type.Function!;
        var ps = method.GetParameters();
        if (ps.Length != sig.Args.Count)
            throw Mismatch(native, method, $"{sig.Args.Count} arguments declared, {ps.Length} implemented");
        for (var i = 0; i < ps.Length; i++)
            if (!Accepts(sig.Args[i].Kind, ps[i].ParameterType))
                throw Mismatch(native, method, $"argument {i} is {sig.Args[i]} but the implementation takes {ps[i].ParameterType.Name}");
        if (!Accepts(sig.Return.Kind, method.ReturnType))
            throw Mismatch(native, method, $"returns {sig.Return} but the implementation returns {method.ReturnType.Name}");
    }

    /// <summary>Whether a C# type carries an HL value of the given kind in the C calling convention.</summary>
    public static bool Accepts(TypeKind kind, Type clr) => kind switch
    {
        TypeKind.Void => clr == typeof(void),
        TypeKind.UI8 or TypeKind.Bool => clr == typeof(byte) || clr == typeof(sbyte),
        TypeKind.UI16 => clr == typeof(ushort) || clr == typeof(short) || clr == typeof(char),
        TypeKind.I32 => clr == typeof(int) || clr == typeof(uint),
        TypeKind.I64 => clr == typeof(long) || clr == typeof(ulong),
        TypeKind.F32 => clr == typeof(float),
        TypeKind.F64 => clr == typeof(double),
        _ => clr == typeof(nint) || clr == typeof(nuint) || clr.IsPointer,
    };

    private static InvalidOperationException Mismatch(HlNative n, MethodInfo m, string what) =>
        new($"native {n.QualifiedName} ({m.DeclaringType?.Name}.{m.Name}) does not match its declaration {n.Type}: {what}");
}
