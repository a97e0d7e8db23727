using System.Globalization;
using System.Text;
using Vm.Frontend.Model;
using Vm.Runtime.Natives.Std;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Runtime.Dynamic;

/// <summary>
/// Values as text the way HashLink prints them (hl_buffer_val, behind Std.string, trace and the
/// uncaught-exception report): objects through their __string method, anonymous structures as
/// "{name : value, ...}", enums as "Name(a,b)", arrays as "[a, b]", "..." for a value met again inside itself.
/// </summary>
public static unsafe class ValueStrings
{
    /// <summary>hl_value_to_string (std.value_to_string): i32 and f64 as itos/ftos, the rest as hl_buffer_val.</summary>
    public static string ValueToString(DynamicState s, nint v)
    {
        if (v == 0)
            return "null";
        var t = s.TypeOf(v);
        return t.Kind switch
        {
            TypeKind.I32 => (*(int*)(v + ValueLayout.DynamicValue)).ToString(CultureInfo.InvariantCulture),
            TypeKind.F64 => FloatFormat.Format(*(double*)(v + ValueLayout.DynamicValue)),
            _ => BufferValue(s, v),
        };
    }

    /// <summary>hl_to_string: "true"/"false" for booleans, the rest as hl_buffer_val.</summary>
    public static string ToText(DynamicState s, nint v)
    {
        if (v == 0)
            return "null";
        if (s.TypeOf(v).Kind == TypeKind.Bool)
            return *(byte*)(v + ValueLayout.DynamicValue) != 0 ? "true" : "false";
        return BufferValue(s, v);
    }

    /// <summary>hl_buffer_val.</summary>
    public static string BufferValue(DynamicState s, nint v)
    {
        var sb = new StringBuilder();
        Rec(s, sb, v, []);
        return sb.ToString();
    }

    private static string Ptr(nint p) => ((ulong)p).ToString("X", CultureInfo.InvariantCulture);

    private static string G(double d, int precision) => FloatFormat.FormatG(d, precision);

    private static void Str(StringBuilder sb, nint chars)
    {
        if (chars == 0)
            sb.Append("null");
        else
            sb.Append(HlStrings.ReadUtf16Z(chars));
    }

    private static void CallToString(DynamicState s, StringBuilder sb, ClassInfo ci, nint self) =>
        Str(sb, (nint)HlCalls.CallMethod(s, ci, ci.ToStringMethod!, [(ulong)self]));

    // hl_buffer_addr: a value of type t stored at data.
    private static void Addr(DynamicState s, StringBuilder sb, nint data, RuntimeType t, List<nint> stack)
    {
        switch (t.Kind)
        {
            case TypeKind.UI8:
                sb.Append((*(byte*)data).ToString(CultureInfo.InvariantCulture));
                break;
            case TypeKind.UI16:
                sb.Append((*(ushort*)data).ToString(CultureInfo.InvariantCulture));
                break;
            case TypeKind.I32:
                sb.Append((*(int*)data).ToString(CultureInfo.InvariantCulture));
                break;
            case TypeKind.I64:
                sb.Append((*(long*)data).ToString(CultureInfo.InvariantCulture));
                break;
            case TypeKind.F32:
                sb.Append(G(*(float*)data, 9));
                break;
            case TypeKind.F64:
                sb.Append(G(*(double*)data, 17));
                break;
            case TypeKind.Bytes:
                Str(sb, *(nint*)data);
                break;
            case TypeKind.Guid:
                sb.Append(GuidString(*(long*)data));
                break;
            case TypeKind.Type or TypeKind.Ref or TypeKind.Abstract:
            {
                var p = *(nint*)data;
                if (p == 0)
                {
                    sb.Append("null");
                    break;
                }
                // A box on the native stack, as hl's `vdynamic tmp`.
                var tmp = stackalloc nint[2];
                tmp[0] = t.Native;
                tmp[1] = p;
                Rec(s, sb, (nint)tmp, stack);
                break;
            }
            case TypeKind.Bool:
                sb.Append(*(byte*)data != 0 ? "true" : "false");
                break;
            case TypeKind.Struct:
            {
                var ci = s.Class(t);
                if (ci.ToStringMethod is null)
                    sb.Append('@').Append(ci.Name);
                else
                    CallToString(s, sb, ci, *(nint*)data);
                break;
            }
            default:
                Rec(s, sb, *(nint*)data, stack);
                break;
        }
    }

    // hl_buffer_rec: a dynamic.
    private static void Rec(DynamicState s, StringBuilder sb, nint v, List<nint> stack)
    {
        if (v == 0)
        {
            sb.Append("null");
            return;
        }
        var t = s.TypeOf(v);
        var val = v + ValueLayout.DynamicValue;
        switch (t.Kind)
        {
            case TypeKind.Void:
                sb.Append("void");
                break;
            case TypeKind.UI8:
                sb.Append((*(byte*)val).ToString(CultureInfo.InvariantCulture));
                break;
            case TypeKind.UI16:
                sb.Append((*(ushort*)val).ToString(CultureInfo.InvariantCulture));
                break;
            case TypeKind.I32:
                sb.Append((*(int*)val).ToString(CultureInfo.InvariantCulture));
                break;
            case TypeKind.I64:
                sb.Append((*(long*)val).ToString(CultureInfo.InvariantCulture));
                break;
            case TypeKind.F32:
                sb.Append(G(*(float*)val, 9));
                break;
            case TypeKind.F64:
                sb.Append(G(*(double*)val, 17));
                break;
            case TypeKind.Bool:
                sb.Append(*(byte*)val != 0 ? "true" : "false");
                break;
            case TypeKind.Bytes:
                Str(sb, *(nint*)val);
                break;
            case TypeKind.Fun:
                sb.Append("function#").Append(Ptr(v));
                break;
            case TypeKind.Method:
                sb.Append("method#").Append(Ptr(*(nint*)val));
                break;
            case TypeKind.Obj or TypeKind.Struct:
            {
                var ci = s.Class(t);
                if (ci.ToStringMethod is null)
                {
                    if (t.Kind == TypeKind.Struct)
                        sb.Append('@');
                    sb.Append(ci.Name);
                }
                else
                {
                    CallToString(s, sb, ci, t.Kind == TypeKind.Struct ? *(nint*)val : v);
                }
                break;
            }
            case TypeKind.Array:
            {
                if (stack.Contains(v))
                {
                    sb.Append("...");
                    return;
                }
                stack.Add(v);
                var at = s.FromNative(HlArrays.ElementType(v));
                var stride = HlArrays.ElementSize(at.Kind);
                var n = HlArrays.Length(v);
                sb.Append('[');
                for (var i = 0; i < n; i++)
                {
                    if (i > 0)
                        sb.Append(", ");
                    Addr(s, sb, HlArrays.Data(v) + (nint)i * stride, at, stack);
                }
                sb.Append(']');
                stack.RemoveAt(stack.Count - 1);
                break;
            }
            case TypeKind.Type:
                sb.Append(HlTypeNames.Of(s, s.FromNative(*(nint*)val)));
                break;
            case TypeKind.Ref:
                sb.Append("ref");
                break;
            case TypeKind.Virtual:
            {
                var value = Virtuals.ValueOf(v);
                if (value != 0)
                {
                    Rec(s, sb, value, stack);
                    return;
                }
                if (stack.Contains(v))
                {
                    sb.Append("...");
                    return;
                }
                stack.Add(v);
                var vi = s.Virtual(t);
                sb.Append('{');
                for (var i = 0; i < vi.Count; i++)
                {
                    var f = vi.Lookup[i];
                    if (i > 0)
                        sb.Append(", ");
                    sb.Append(s.FieldName(vi.Hashes[f])).Append(" : ");
                    Addr(s, sb, v + vi.DataOffsets[f], vi.FieldTypes[f], stack);
                }
                sb.Append('}');
                stack.RemoveAt(stack.Count - 1);
                break;
            }
            case TypeKind.DynObj:
                DynObjText(s, sb, v, stack);
                break;
            case TypeKind.Abstract:
                sb.Append('~').Append(t.Source?.AbstractName ?? "<abstract>").Append(':').Append(Ptr(*(nint*)val));
                break;
            case TypeKind.Enum:
            {
                var index = Enums.IndexOf(v);
                var c = t.Source!.Enum!.Constructs[index];
                if (c.Params.Count == 0)
                {
                    sb.Append(c.Name);
                    break;
                }
                if (stack.Contains(v))
                {
                    sb.Append("...");
                    return;
                }
                stack.Add(v);
                var layout = t.Constructs![index];
                sb.Append(c.Name).Append('(');
                for (var i = 0; i < c.Params.Count; i++)
                {
                    if (i > 0)
                        sb.Append(',');
                    Addr(s, sb, v + layout.Offsets[i], s.Types[c.Params[i]], stack);
                }
                sb.Append(')');
                stack.RemoveAt(stack.Count - 1);
                break;
            }
            case TypeKind.Null:
                sb.Append("_null_");
                break;
            case TypeKind.Guid:
                sb.Append(GuidString(*(long*)val));
                break;
            default:
                sb.Append(Ptr(v)).Append('H');
                break;
        }
    }

    private static void DynObjText(DynamicState s, StringBuilder sb, nint o, List<nint> stack)
    {
        if (stack.Contains(o))
        {
            sb.Append("...");
            return;
        }
        var f = DynObjs.Find(o, s.Hash("__string"));
        var ft = f == 0 ? null : s.FromNative(DynObjs.EntryType(f));
        if (ft is { Kind: TypeKind.Fun } && s.Fun(ft) is { NArgs: 0, Ret.Kind: TypeKind.Bytes })
        {
            var closure = *(nint*)DynObjs.FieldAddress(o, f);
            if (closure != 0)
            {
                Str(sb, (nint)Closures.CallSlots(s, closure, []));
                return;
            }
        }
        stack.Add(o);
        sb.Append('{');
        var order = DynObjs.PositionsInOrder(o);
        for (var i = 0; i < order.Length; i++)
        {
            // The table is read again each time: printing a field can run HL code.
            var e = DynObjs.Entry(o, order[i]);
            if (i > 0)
                sb.Append(", ");
            sb.Append(s.FieldName(DynObjs.EntryHash(e))).Append(" : ");
            Addr(s, sb, DynObjs.FieldAddress(o, e), s.FromNative(DynObjs.EntryType(e)), stack);
        }
        sb.Append('}');
        stack.RemoveAt(stack.Count - 1);
    }

    /// <summary>hl_guid_str: "0", or 11 characters of 6 bits each with dashes after the 4th and 8th.</summary>
    public static string GuidString(long guid)
    {
        const string chars = "#&0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        if (guid == 0)
            return "0";
        var sb = new StringBuilder(13);
        for (var i = 0; i < 11; i++)
        {
            if (i is 4 or 8)
                sb.Append('-');
            sb.Append(chars[(int)((guid >> (60 - i * 6)) & 63)]);
        }
        return sb.ToString();
    }
}
