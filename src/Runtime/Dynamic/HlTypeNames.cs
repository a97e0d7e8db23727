using System.Text;
using Vm.Frontend.Model;
using Vm.Runtime.Types;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// Type names as HashLink's hl_type_str prints them in error messages ("Can't cast i32 to String"):
/// i8/i16 for ui8/ui16, classes by name, "@Name" for structs, "(ret (args))" for functions,
/// "virtual&lt;a:i32,b:String&gt;", "enum&lt;Name&gt;", "null&lt;i32&gt;", and "&lt;...&gt;" for a type
/// met again inside itself.
/// </summary>
public static class HlTypeNames
{
    public static string Of(DynamicState s, RuntimeType t)
    {
        if (Simple(t.Kind) is { } simple)
            return simple;
        var sb = new StringBuilder();
        Append(s, sb, t, []);
        return sb.ToString();
    }

    private static string? Simple(TypeKind kind) => kind switch
    {
        TypeKind.Void => "void",
        TypeKind.UI8 => "i8",
        TypeKind.UI16 => "i16",
        TypeKind.I32 => "i32",
        TypeKind.I64 => "i64",
        TypeKind.F32 => "f32",
        TypeKind.F64 => "f64",
        TypeKind.Bool => "bool",
        TypeKind.Bytes => "bytes",
        TypeKind.Dyn => "dynamic",
        TypeKind.Array => "array",
        TypeKind.Type => "type",
        TypeKind.DynObj => "dynobj",
        TypeKind.Guid => "guid",
        _ => null,
    };

    private static void Append(DynamicState s, StringBuilder sb, RuntimeType t, List<RuntimeType> parents)
    {
        if (Simple(t.Kind) is { } simple)
        {
            sb.Append(simple);
            return;
        }
        if (parents.Contains(t))
        {
            sb.Append("<...>");
            return;
        }
        parents.Add(t);
        switch (t.Kind)
        {
            case TypeKind.Fun or TypeKind.Method:
            {
                var f = s.RequireFun(t);
                sb.Append('(');
                Append(s, sb, f.Ret, parents);
                sb.Append(' ').Append('(');
                for (var i = 0; i < f.Args.Length; i++)
                {
                    if (i > 0)
                        sb.Append(',');
                    Append(s, sb, f.Args[i], parents);
                }
                sb.Append(')').Append(')');
                break;
            }
            case TypeKind.Struct:
                sb.Append('@').Append(t.Source!.Object!.Name);
                break;
            case TypeKind.Obj:
                sb.Append(t.Source!.Object!.Name);
                break;
            case TypeKind.Ref:
                sb.Append("ref<");
                Append(s, sb, s.Param(t), parents);
                sb.Append('>');
                break;
            case TypeKind.Virtual:
            {
                var v = s.Virtual(t);
                sb.Append("virtual<");
                for (var i = 0; i < v.Count; i++)
                {
                    if (i > 0)
                        sb.Append(',');
                    sb.Append(v.Names[i]).Append(':');
                    Append(s, sb, v.FieldTypes[i], parents);
                }
                sb.Append('>');
                break;
            }
            case TypeKind.Abstract:
                sb.Append(t.Source?.AbstractName ?? "<abstract>");
                break;
            case TypeKind.Enum:
                sb.Append("enum");
                if (t.Source?.Enum?.Name is { } name)
                    sb.Append('<').Append(name).Append('>');
                break;
            case TypeKind.Null:
                sb.Append("null<");
                Append(s, sb, s.Param(t), parents);
                sb.Append('>');
                break;
            case TypeKind.Packed:
                sb.Append("packed<");
                Append(s, sb, s.Param(t), parents);
                sb.Append('>');
                break;
            default:
                sb.Append("???");
                break;
        }
        parents.RemoveAt(parents.Count - 1);
    }
}
