using Vm.Frontend.Model;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.Memory;

/// <summary>A reference slot of a typed value: its byte offset from the block start and what it may hold.</summary>
public readonly record struct ReferenceSlotInfo(int Offset, ReferenceSlot Kind);

/// <summary>
/// Where the references of a typed value are, computed once per <see cref="RuntimeType"/> from its layout:
/// the reference fields of a class or struct instance (packed struct fields expanded), the reference
/// parameters of each enum constructor, the field slots and own-storage references of a virtual.
/// </summary>
public sealed class ReferenceMap
{
    private static readonly ReferenceSlotInfo[] None = [];

    private ReferenceMap()
    {
    }

    /// <summary>Instance: its reference fields. Virtual: the reference fields of its own storage.</summary>
    public ReferenceSlotInfo[] Fields { get; private init; } = None;

    /// <summary>Enum: the reference parameters of each constructor.</summary>
    public ReferenceSlotInfo[][] Constructs { get; private init; } = [];

    /// <summary>Virtual: the field slots after the header (interior, or code for method fields).</summary>
    public ReferenceSlotInfo[] VirtualSlots { get; private init; } = None;

    /// <summary>Virtual: the payload size of a virtual with its own storage (a view is smaller).</summary>
    public int OwnStorageSize { get; private init; }

    /// <summary>Kinds whose values are stored as one reference word (packed structs are inline, not references).</summary>
    public static bool IsReference(TypeKind kind) => kind.IsPointer() && kind != TypeKind.Packed;

    /// <summary>
    /// What a reference of this kind may point to: hl.Bytes (offsets), refs (fields, array elements),
    /// structs (packed fields of another block) and abstracts (native data) may be interior; every other
    /// reference kind holds the start of its block.
    /// </summary>
    public static ReferenceSlot SlotFor(TypeKind kind) =>
        kind is TypeKind.Bytes or TypeKind.Ref or TypeKind.Struct or TypeKind.Abstract ? ReferenceSlot.Interior : ReferenceSlot.Exact;

    /// <summary>The map of a type (cached on it).</summary>
    public static ReferenceMap Of(RuntimeType type, TypeTable types) => type.References ??= Build(type, types);

    private static ReferenceMap Build(RuntimeType type, TypeTable types)
    {
        if (type.Object is { } layout)
        {
            var fields = new List<ReferenceSlotInfo>();
            AddObjectFields(fields, layout, 0, types, 0);
            return new ReferenceMap { Fields = [.. fields] };
        }
        if (type.Constructs is { } constructs)
        {
            var cs = type.Source!.Enum!.Constructs;
            var maps = new ReferenceSlotInfo[constructs.Count][];
            for (var i = 0; i < constructs.Count; i++)
            {
                var slots = new List<ReferenceSlotInfo>();
                for (var p = 0; p < cs[i].Params.Count; p++)
                {
                    var kind = cs[i].Params[p].Kind;
                    if (IsReference(kind))
                        slots.Add(new(constructs[i].Offsets[p], SlotFor(kind)));
                }
                maps[i] = [.. slots];
            }
            return new ReferenceMap { Constructs = maps };
        }
        if (type.Virtual is { } vl)
        {
            var vfields = type.Source!.VirtualFields!;
            var slots = new ReferenceSlotInfo[vfields.Count];
            var own = new List<ReferenceSlotInfo>();
            for (var i = 0; i < vfields.Count; i++)
            {
                var kind = vfields[i].Type.Kind;
                slots[i] = new(ValueLayout.VirtualFields + 8 * i,
                    kind == TypeKind.Method ? ReferenceSlot.Interior | ReferenceSlot.Code : ReferenceSlot.Interior);
                if (IsReference(kind))
                    own.Add(new(vl.DataOffsets[i], SlotFor(kind)));
            }
            return new ReferenceMap { VirtualSlots = slots, Fields = [.. own], OwnStorageSize = vl.Size };
        }
        return new ReferenceMap();
    }

    private static void AddObjectFields(List<ReferenceSlotInfo> slots, ObjectLayout layout, int baseOffset, TypeTable types, int depth)
    {
        if (depth > 64)
            throw new InvalidOperationException("packed structs nested too deeply (recursive layout?)");
        for (var i = 0; i < layout.FieldTypes.Count; i++)
        {
            var ft = layout.FieldTypes[i];
            var offset = baseOffset + layout.FieldOffsets[i];
            if (ft.Kind == TypeKind.Packed)
            {
                if (types[ft.Param!].Object is { } inner)
                    AddObjectFields(slots, inner, offset, types, depth + 1);
            }
            else if (IsReference(ft.Kind))
            {
                slots.Add(new(offset, SlotFor(ft.Kind)));
            }
        }
    }
}
