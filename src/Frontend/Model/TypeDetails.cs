namespace Vm.Frontend.Model;

/// <summary>A named, typed field of an object, struct or virtual type.</summary>
public sealed record HlField(string Name, HlType Type);

/// <summary>A method slot of an object type: name, implementing function index and virtual-table slot (-1 if not virtual).</summary>
public sealed record HlProto(string Name, int FunctionIndex, int Slot);

/// <summary>A field of an object type bound to a function (methods stored as closures, static functions of classes).</summary>
public sealed record HlBinding(int FieldIndex, int FunctionIndex);

/// <summary>One constructor of an enum type.</summary>
public sealed record HlEnumConstruct(string Name, IReadOnlyList<HlType> Params);

/// <summary>Signature of a function or method type.</summary>
public sealed record FunctionSignature(IReadOnlyList<HlType> Args, HlType Return);

/// <summary>Class or struct layout as the bytecode declares it.</summary>
public sealed class ObjectTypeInfo
{
    internal ObjectTypeInfo(string name, HlType? super, int globalIndex, IReadOnlyList<HlField> fields,
        IReadOnlyList<HlProto> protos, IReadOnlyList<HlBinding> bindings)
    {
        Name = name;
        Super = super;
        GlobalIndex = globalIndex;
        Fields = fields;
        Protos = protos;
        Bindings = bindings;
    }

    public string Name { get; }

    /// <summary>The super class, or null.</summary>
    public HlType? Super { get; }

    /// <summary>Index of the global holding the class object, or -1 when the type has none.</summary>
    public int GlobalIndex { get; }

    /// <summary>Fields declared by this type (inherited fields come first in field numbering).</summary>
    public IReadOnlyList<HlField> Fields { get; }

    public IReadOnlyList<HlProto> Protos { get; }

    public IReadOnlyList<HlBinding> Bindings { get; }

    /// <summary>Number of fields including inherited ones.</summary>
    public int TotalFieldCount => Fields.Count + (Super?.Object?.TotalFieldCount ?? 0);

    /// <summary>Field by its index in the whole hierarchy (inherited fields first), or null when out of range.</summary>
    public HlField? FieldAt(int index)
    {
        if (index < 0)
            return null;
        var inherited = Super?.Object?.TotalFieldCount ?? 0;
        if (index < inherited)
            return Super!.Object!.FieldAt(index);
        index -= inherited;
        return index < Fields.Count ? Fields[index] : null;
    }

    /// <summary>The prototype that owns virtual-table slot <paramref name="slot"/>, searching super classes too, or null.</summary>
    public HlProto? ProtoForSlot(int slot)
    {
        foreach (var p in Protos)
            if (p.Slot == slot)
                return p;
        return Super?.Object?.ProtoForSlot(slot);
    }
}

/// <summary>Enum type: name, global of its class object, constructors.</summary>
public sealed record EnumTypeInfo(string Name, int GlobalIndex, IReadOnlyList<HlEnumConstruct> Constructs);
