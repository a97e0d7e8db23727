using System.Text;

namespace Vm.Frontend.Model;

/// <summary>Short readable names for types, as the disassembler prints them.</summary>
public static class TypeNames
{
    public static string Format(HlType type)
    {
        var sb = new StringBuilder();
        Append(sb, type, depth: 0);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, HlType t, int depth)
    {
        switch (t.Kind)
        {
            case TypeKind.Void: sb.Append("void"); break;
            case TypeKind.UI8: sb.Append("ui8"); break;
            case TypeKind.UI16: sb.Append("ui16"); break;
            case TypeKind.I32: sb.Append("i32"); break;
            case TypeKind.I64: sb.Append("i64"); break;
            case TypeKind.F32: sb.Append("f32"); break;
            case TypeKind.F64: sb.Append("f64"); break;
            case TypeKind.Bool: sb.Append("bool"); break;
            case TypeKind.Bytes: sb.Append("bytes"); break;
            case TypeKind.Dyn: sb.Append("dynamic"); break;
            case TypeKind.Array: sb.Append("array"); break;
            case TypeKind.Type: sb.Append("type"); break;
            case TypeKind.DynObj: sb.Append("dynobj"); break;
            case TypeKind.Guid: sb.Append("guid"); break;
            case TypeKind.Obj: sb.Append(t.Object!.Name); break;
            case TypeKind.Struct: sb.Append("struct ").Append(t.Object!.Name); break;
            case TypeKind.Abstract: sb.Append("abstract ").Append(t.AbstractName); break;
            case TypeKind.Enum: sb.Append("enum ").Append(t.Enum!.Name); break;
            case TypeKind.Ref: sb.Append("ref<"); AppendNested(sb, t.Param!, depth); sb.Append('>'); break;
            case TypeKind.Null: sb.Append("null<"); AppendNested(sb, t.Param!, depth); sb.Append('>'); break;
            case TypeKind.Packed: sb.Append("packed<"); AppendNested(sb, t.Param!, depth); sb.Append('>'); break;
            case TypeKind.Fun:
            case TypeKind.Method:
                if (t.Kind == TypeKind.Method)
                    sb.Append("method:");
                sb.Append('(');
                for (var i = 0; i < t.Function!.Args.Count; i++)
                {
                    if (i > 0)
                        sb.Append(", ");
                    AppendNested(sb, t.Function.Args[i], depth);
                }
                sb.Append(") -> ");
                AppendNested(sb, t.Function.Return, depth);
                break;
            case TypeKind.Virtual:
                sb.Append("virtual<");
                for (var i = 0; i < t.VirtualFields!.Count; i++)
                {
                    if (i > 0)
                        sb.Append(", ");
                    sb.Append(t.VirtualFields[i].Name).Append(':');
                    AppendNested(sb, t.VirtualFields[i].Type, depth);
                }
                sb.Append('>');
                break;
        }
    }

    // Function, virtual and parameterised types can be recursive; past a small depth only the type index is printed.
    private static void AppendNested(StringBuilder sb, HlType t, int depth)
    {
        if (depth >= 3 && t.Kind is TypeKind.Fun or TypeKind.Method or TypeKind.Virtual or TypeKind.Ref or TypeKind.Null or TypeKind.Packed)
            sb.Append('#').Append(t.Index);
        else
            Append(sb, t, depth + 1);
    }
}
