using System.Runtime.InteropServices;

namespace Vm.Runtime.Types;

/// <summary>
/// The type descriptor every heap value points to, in unmanaged memory: what JIT code reads directly
/// (kind for OGetTID, the method table for virtual calls) plus the id of its managed <see cref="RuntimeType"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct NativeTypeDescriptor
{
    public const int KindOffset = 0;
    public const int IdOffset = 4;
    public const int MethodsOffset = 16;

    /// <summary>The <see cref="Frontend.Model.TypeKind"/>, as an int.</summary>
    public int Kind;

    /// <summary>Index of the managed <see cref="RuntimeType"/> in its <see cref="TypeTable"/>.</summary>
    public int Id;

    /// <summary>Reserved for kind-specific data read by JIT code.</summary>
    public nint Details;

    /// <summary>Method table of class types: one function pointer per prototype slot.</summary>
    public nint Methods;

    /// <summary>Reserved for the collector's pointer map.</summary>
    public nint PointerMap;
}
