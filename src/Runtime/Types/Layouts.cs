using Vm.Frontend.Model;

namespace Vm.Runtime.Types;

/// <summary>Field placement of a class or struct instance (inherited fields first, as in HashLink).</summary>
public sealed record ObjectLayout(int Size, IReadOnlyList<int> FieldOffsets, IReadOnlyList<HlType> FieldTypes, bool HasPointers, int LargestField, int PadSize);

/// <summary>Parameter placement of one enum constructor.</summary>
public sealed record ConstructLayout(int Size, IReadOnlyList<int> Offsets, bool HasPointers);

/// <summary>A virtual's own storage for fields when it is not a view on an object: offsets from the virtual's start.</summary>
public sealed record VirtualLayout(int Size, IReadOnlyList<int> DataOffsets);

/// <summary>Computes instance layouts with HashLink's rules (natural alignment, size rounded to the largest field).</summary>
public static class LayoutBuilder
{
    public static ObjectLayout ForObject(HlType type, Func<HlType, ObjectLayout> layoutOf)
    {
        var obj = type.Object ?? throw new ArgumentException($"{type} is not a class or struct", nameof(type));
        var parent = obj.Super is { } s ? layoutOf(s) : null;
        var offsets = new List<int>(parent?.FieldOffsets ?? []);
        var types = new List<HlType>(parent?.FieldTypes ?? []);
        var size = parent is not null ? parent.Size - parent.PadSize : (type.Kind == TypeKind.Struct ? 0 : 8);
        var largest = parent?.LargestField ?? size;
        var hasPointers = parent?.HasPointers ?? false;
        foreach (var f in obj.Fields)
        {
            var kind = f.Type.Kind;
            if (kind == TypeKind.Packed)
            {
                var inner = layoutOf(f.Type.Param!);
                var large = Math.Max(1, inner.LargestField);
                if (size % large != 0)
                    size += large - size % large;
                largest = Math.Max(largest, large);
                offsets.Add(size);
                types.Add(f.Type);
                size += inner.Size;
                hasPointers |= inner.HasPointers;
                continue;
            }
            size += TypeSizes.Padding(size, kind);
            offsets.Add(size);
            types.Add(f.Type);
            var sz = TypeSizes.Size(kind);
            size += sz;
            largest = Math.Max(largest, sz);
            hasPointers |= kind.IsPointer();
        }
        var pad = 0;
        if (largest > 0 && size % largest != 0)
            pad = largest - size % largest;
        return new ObjectLayout(size + pad, offsets, types, hasPointers, largest, pad);
    }

    public static ConstructLayout ForConstruct(HlEnumConstruct c)
    {
        var size = Values.ValueLayout.EnumFirstParam;
        var offsets = new int[c.Params.Count];
        var hasPointers = false;
        for (var i = 0; i < c.Params.Count; i++)
        {
            var kind = c.Params[i].Kind;
            size += TypeSizes.Padding(size, kind);
            offsets[i] = size;
            size += TypeSizes.Size(kind);
            hasPointers |= kind.IsPointer();
        }
        return new ConstructLayout(size, offsets, hasPointers);
    }

    public static VirtualLayout ForVirtual(HlType type)
    {
        var fields = type.VirtualFields ?? throw new ArgumentException($"{type} is not a virtual", nameof(type));
        var size = Values.ValueLayout.VirtualFields + 8 * fields.Count;
        var offsets = new int[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            size += TypeSizes.Padding(size, fields[i].Type.Kind);
            offsets[i] = size;
            size += TypeSizes.Size(fields[i].Type.Kind);
        }
        return new VirtualLayout(size, offsets);
    }
}
