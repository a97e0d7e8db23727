using Vm.Frontend.Model;

namespace Vm.Runtime.Types;

/// <summary>
/// A type as the runtime sees it: the bytecode type (null for built-in types such as the boxed
/// i32 type natives create), its native descriptor and its instance layout.
/// </summary>
public sealed unsafe class RuntimeType
{
    internal RuntimeType(int id, TypeKind kind, HlType? source, nint native)
    {
        Id = id;
        Kind = kind;
        Source = source;
        Native = native;
    }

    public int Id { get; }
    public TypeKind Kind { get; }

    /// <summary>The bytecode type, or null for a built-in type.</summary>
    public HlType? Source { get; }

    /// <summary>Address of the <see cref="NativeTypeDescriptor"/>; what heap values point to.</summary>
    public nint Native { get; }

    /// <summary>
    /// For a closure type made at run time (a method bound to its instance): the full function type,
    /// whose first argument the closure binds. Null for every other type.
    /// </summary>
    public HlType? ClosureOf { get; internal set; }

    /// <summary>Instance layout of classes and structs.</summary>
    public ObjectLayout? Object { get; internal set; }

    /// <summary>Constructor layouts of enums.</summary>
    public IReadOnlyList<ConstructLayout>? Constructs { get; internal set; }

    /// <summary>Own-storage layout of virtuals.</summary>
    public VirtualLayout? Virtual { get; internal set; }

    /// <summary>Method table of classes (slot → function pointer), in unmanaged memory; null otherwise.</summary>
    public nint* Methods => (nint*)((NativeTypeDescriptor*)Native)->Methods;

    /// <summary>Where the references of a value of this type are, for the collector (built on first use).</summary>
    internal Memory.ReferenceMap? References { get; set; }

    /// <summary>Number of slots in <see cref="Methods"/>.</summary>
    public int MethodCount { get; internal set; }

    public string Name => Source is { } s ? TypeNames.Format(s)
        : ClosureOf is { } f ? "closure of " + TypeNames.Format(f)
        : Kind.ToString().ToLowerInvariant();

    public override string ToString() => Name;
}
