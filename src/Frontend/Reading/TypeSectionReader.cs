using Vm.Frontend.Model;

namespace Vm.Frontend.Reading;

/// <summary>
/// Reads the type table. Types refer to each other by index, forward references included, so the
/// section is first read into raw records, then every <see cref="HlType"/> is created, then linked.
/// </summary>
internal static class TypeSectionReader
{
    private sealed class RawType
    {
        public int Offset;
        public TypeKind Kind;
        public int[] Refs = [];                 // argument/param/field type indices, kind-specific order
        public int Ret;                         // Fun/Method return; Ref/Null/Packed param
        public string Name = "";
        public int Super = -1;
        public int Global;
        public (string Name, int Type)[] Fields = [];
        public (string Name, int FIndex, int Slot)[] Protos = [];
        public (int Field, int FIndex)[] Bindings = [];
        public (string Name, int[] Params)[] Constructs = [];
    }

    public static HlType[] Read(ByteCursor r, int count, string[] strings, int nglobals, int functionSpace)
    {
        var raws = new RawType[count];
        for (var i = 0; i < count; i++)
        {
            r.Section = $"types (type {i})";
            raws[i] = ReadRaw(r, count, strings, nglobals, functionSpace);
        }
        r.Section = "types";
        var types = new HlType[count];
        for (var i = 0; i < count; i++)
            types[i] = new HlType(i, raws[i].Kind);
        CheckSuperChains(r, raws);
        for (var i = 0; i < count; i++)
            Link(types[i], raws[i], types);
        for (var i = 0; i < count; i++)
            CheckBindings(r, types[i], raws[i]);
        return types;
    }

    private static RawType ReadRaw(ByteCursor r, int ntypes, string[] strings, int nglobals, int functionSpace)
    {
        var raw = new RawType { Offset = r.Position };
        var kindByte = r.Byte();
        if (kindByte >= TypeKinds.Count)
            throw r.Error($"unknown type kind {kindByte}", raw.Offset);
        raw.Kind = (TypeKind)kindByte;
        int TypeIndex() => r.IndexBelow(ntypes, "type");
        string Str() => strings[r.IndexBelow(strings.Length, "string")];
        switch (raw.Kind)
        {
            case TypeKind.Fun:
            case TypeKind.Method:
            {
                var nargs = r.Byte();
                raw.Refs = new int[nargs];
                for (var i = 0; i < nargs; i++)
                    raw.Refs[i] = TypeIndex();
                raw.Ret = TypeIndex();
                break;
            }
            case TypeKind.Obj:
            case TypeKind.Struct:
            {
                raw.Name = Str();
                var superStart = r.Position;
                raw.Super = r.Index();
                if (raw.Super < -1 || raw.Super >= ntypes)
                    throw r.Error($"super type index {raw.Super} out of range", superStart);
                raw.Global = GlobalPlusOne(r, nglobals);
                var nfields = r.Count("field", 2);
                var nproto = r.Count("proto", 3);
                var nbindings = r.Count("binding", 2);
                raw.Fields = new (string, int)[nfields];
                for (var i = 0; i < nfields; i++)
                    raw.Fields[i] = (Str(), TypeIndex());
                raw.Protos = new (string, int, int)[nproto];
                for (var i = 0; i < nproto; i++)
                {
                    var name = Str();
                    var findex = r.IndexBelow(functionSpace, "function");
                    var slotStart = r.Position;
                    var slot = r.Index();
                    if (slot < -1)
                        throw r.Error($"prototype slot {slot} is invalid", slotStart);
                    raw.Protos[i] = (name, findex, slot);
                }
                raw.Bindings = new (int, int)[nbindings];
                for (var i = 0; i < nbindings; i++)
                    raw.Bindings[i] = (r.UIndex(), r.IndexBelow(functionSpace, "function"));
                break;
            }
            case TypeKind.Virtual:
            {
                var nfields = r.Count("field", 2);
                raw.Fields = new (string, int)[nfields];
                for (var i = 0; i < nfields; i++)
                    raw.Fields[i] = (Str(), TypeIndex());
                break;
            }
            case TypeKind.Abstract:
                raw.Name = Str();
                break;
            case TypeKind.Enum:
            {
                raw.Name = Str();
                raw.Global = GlobalPlusOne(r, nglobals);
                var n = r.Count("enum constructor", 2);
                raw.Constructs = new (string, int[])[n];
                for (var i = 0; i < n; i++)
                {
                    var name = Str();
                    var nparams = r.Count("constructor parameter");
                    var ps = new int[nparams];
                    for (var j = 0; j < nparams; j++)
                        ps[j] = TypeIndex();
                    raw.Constructs[i] = (name, ps);
                }
                break;
            }
            case TypeKind.Ref:
            case TypeKind.Null:
            case TypeKind.Packed:
                raw.Ret = TypeIndex();
                break;
        }
        return raw;
    }

    // Class and enum globals are stored as index + 1, 0 meaning "no global".
    private static int GlobalPlusOne(ByteCursor r, int nglobals)
    {
        var start = r.Position;
        var g = r.UIndex();
        if (g > nglobals)
            throw r.Error($"global index {g - 1} out of range (0..{nglobals - 1})", start);
        return g;
    }

    private static void CheckSuperChains(ByteCursor r, RawType[] raws)
    {
        for (var i = 0; i < raws.Length; i++)
        {
            if (raws[i].Kind is not (TypeKind.Obj or TypeKind.Struct))
                continue;
            var steps = 0;
            for (var s = raws[i].Super; s >= 0; s = raws[s].Super)
            {
                if (raws[s].Kind is not (TypeKind.Obj or TypeKind.Struct))
                    throw r.Error($"type {i} ({raws[i].Name}) has super type {s} of kind {raws[s].Kind}", raws[i].Offset);
                if (++steps > raws.Length)
                    throw r.Error($"type {i} ({raws[i].Name}) has a cyclic super class chain", raws[i].Offset);
            }
        }
    }

    private static void Link(HlType t, RawType raw, HlType[] types)
    {
        HlField[] Fields() => raw.Fields.Select(f => new HlField(f.Name, types[f.Type])).ToArray();
        switch (raw.Kind)
        {
            case TypeKind.Fun:
            case TypeKind.Method:
                t.Function = new FunctionSignature(raw.Refs.Select(i => types[i]).ToArray(), types[raw.Ret]);
                break;
            case TypeKind.Obj:
            case TypeKind.Struct:
                t.Object = new ObjectTypeInfo(raw.Name, raw.Super >= 0 ? types[raw.Super] : null, raw.Global - 1, Fields(),
                    raw.Protos.Select(p => new HlProto(p.Name, p.FIndex, p.Slot)).ToArray(),
                    raw.Bindings.Select(b => new HlBinding(b.Field, b.FIndex)).ToArray());
                break;
            case TypeKind.Virtual:
                t.VirtualFields = Fields();
                break;
            case TypeKind.Abstract:
                t.AbstractName = raw.Name;
                break;
            case TypeKind.Enum:
                t.Enum = new EnumTypeInfo(raw.Name, raw.Global - 1,
                    raw.Constructs.Select(c => new HlEnumConstruct(c.Name, c.Params.Select(i => types[i]).ToArray())).ToArray());
                break;
            case TypeKind.Ref:
            case TypeKind.Null:
            case TypeKind.Packed:
                t.Param = types[raw.Ret];
                break;
        }
    }

    private static void CheckBindings(ByteCursor r, HlType t, RawType raw)
    {
        if (t.Object is not { } obj)
            return;
        var total = obj.TotalFieldCount;
        foreach (var b in obj.Bindings)
            if (b.FieldIndex >= total)
                throw r.Error($"type {t.Index} ({obj.Name}) binds field {b.FieldIndex} but has {total} fields", raw.Offset);
    }
}
