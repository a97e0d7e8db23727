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
/// With objectsMayMove (the caller holds no heap address across the call: std.value_to_string, called
/// from JIT code through a callback shim), collections may move objects while a __string method runs:
/// containers being printed are held in the thread's <see cref="Gc.HandleStack"/> and read back after each element.
/// </summary>
public static unsafe class ValueStrings
{
    /// <summary>hl_value_to_string (std.value_to_string): i32 and f64 as itos/ftos, the rest as hl_buffer_val.</summary>
    public static string ValueToString(DynamicState s, nint v, bool objectsMayMove = false)
    {
        if (v == 0)
            return "null";
        var t = s.TypeOf(v);
        return t.Kind switch
        {
            TypeKind.I32 => (*(int*)(v + ValueLayout.DynamicValue)).ToString(CultureInfo.InvariantCulture),
            TypeKind.F64 => FloatFormat.Format(*(double*)(v + ValueLayout.DynamicValue)),
            _ => BufferValue(s, v, objectsMayMove),
        };
    }

    /// <summary>hl_to_string: "true"/"false" for booleans, the rest as hl_buffer_val.</summary>
    public static string ToText(DynamicState s, nint v, bool objectsMayMove = false)
    {
        if (v == 0)
            return "null";
        if (s.TypeOf(v).Kind == TypeKind.Bool)
            return *(byte*)(v + ValueLayout.DynamicValue) != 0 ? "true" : "false";
        return BufferValue(s, v, objectsMayMove);
    }

    /// <summary>hl_buffer_val.</summary>
    public static string BufferValue(DynamicState s, nint v, bool objectsMayMove = false)
    {
        var thread = Threading.VmThread.CurrentOrNull;
        var own = thread is null ? new Gc.HandleStack() : null;
        var handles = own ?? thread!.Handles;
        var mark = handles.Count;
        try
        {
            var printer = new Printer(s, handles, objectsMayMove);
            printer.Rec(v);
            return printer.Text;
        }
        finally
        {
            handles.Release(mark);
            own?.Dispose();
        }
    }

    private static string Ptr(nint p) => ((ulong)p).ToString("X", CultureInfo.InvariantCulture);

    private static string G(double d, int precision) => FloatFormat.FormatG(d, precision);

    /// <summary>One hl_buffer_val walk: the text so far and the containers being printed (as handles, innermost last).</summary>
    private sealed class Printer(DynamicState s, Gc.HandleStack handles, bool objectsMayMove)
    {
        private readonly StringBuilder _sb = new();
        private readonly List<int> _open = [];

        public string Text => _sb.ToString();

        private void Str(nint chars)
        {
            if (chars == 0)
                _sb.Append("null");
            else
                _sb.Append(HlStrings.ReadUtf16Z(chars));
        }

        private void CallToString(ClassInfo ci, nint self) =>
            Str((nint)HlCalls.CallMethod(s, ci, ci.ToStringMethod!, [(ulong)self], objectsMayMove));

        // hl's "stack" of values being printed: a value met again inside itself prints as "...".
        private bool IsOpen(nint v)
        {
            foreach (var h in _open)
                if (handles[h] == v)
                    return true;
            return false;
        }

        // Marks a container as being printed; its current address is handles[returned handle] from then on.
        private int Open(nint v)
        {
            var h = handles.Push(v);
            _open.Add(h);
            return h;
        }

        private void Close(int h)
        {
            _open.RemoveAt(_open.Count - 1);
            handles.Release(h);
        }

        // A value of a scalar kind (numbers, bool, bytes, guid) stored at data: printed alike in a field and in a box.
        private void Scalar(nint data, TypeKind kind)
        {
            switch (kind)
            {
                case TypeKind.UI8:
                    _sb.Append((*(byte*)data).ToString(CultureInfo.InvariantCulture));
                    break;
                case TypeKind.UI16:
                    _sb.Append((*(ushort*)data).ToString(CultureInfo.InvariantCulture));
                    break;
                case TypeKind.I32:
                    _sb.Append((*(int*)data).ToString(CultureInfo.InvariantCulture));
                    break;
                case TypeKind.I64:
                    _sb.Append((*(long*)data).ToString(CultureInfo.InvariantCulture));
                    break;
                case TypeKind.F32:
                    _sb.Append(G(*(float*)data, 9));
                    break;
                case TypeKind.F64:
                    _sb.Append(G(*(double*)data, 17));
                    break;
                case TypeKind.Bool:
                    _sb.Append(*(byte*)data != 0 ? "true" : "false");
                    break;
                case TypeKind.Bytes:
                    Str(*(nint*)data);
                    break;
                case TypeKind.Guid:
                    _sb.Append(GuidString(*(long*)data));
                    break;
            }
        }

        // hl_buffer_addr: a value of type t stored at data.
        private void Addr(nint data, RuntimeType t)
        {
            switch (t.Kind)
            {
                case TypeKind.UI8 or TypeKind.UI16 or TypeKind.I32 or TypeKind.I64 or TypeKind.F32 or TypeKind.F64
                    or TypeKind.Bool or TypeKind.Bytes or TypeKind.Guid:
                    Scalar(data, t.Kind);
                    break;
                case TypeKind.Type or TypeKind.Ref or TypeKind.Abstract:
                {
                    var p = *(nint*)data;
                    if (p == 0)
                    {
                        _sb.Append("null");
                        break;
                    }
                    // A box on the native stack, as hl's `vdynamic tmp` (printing these calls no HL code).
                    var tmp = stackalloc nint[2];
                    tmp[0] = t.Native;
                    tmp[1] = p;
                    Rec((nint)tmp);
                    break;
                }
                case TypeKind.Struct:
                {
                    var ci = s.Class(t);
                    if (ci.ToStringMethod is null)
                        _sb.Append('@').Append(ci.Name);
                    else
                        CallToString(ci, *(nint*)data);
                    break;
                }
                default:
                    Rec(*(nint*)data);
                    break;
            }
        }

        // hl_buffer_rec: a dynamic. Containers are read back from their handle before each element:
        // printing the previous one may have run HL code that moved them.
        public void Rec(nint v)
        {
            if (v == 0)
            {
                _sb.Append("null");
                return;
            }
            var t = s.TypeOf(v);
            var val = v + ValueLayout.DynamicValue;
            switch (t.Kind)
            {
                case TypeKind.Void:
                    _sb.Append("void");
                    break;
                case TypeKind.UI8 or TypeKind.UI16 or TypeKind.I32 or TypeKind.I64 or TypeKind.F32 or TypeKind.F64
                    or TypeKind.Bool or TypeKind.Bytes or TypeKind.Guid:
                    Scalar(val, t.Kind);
                    break;
                case TypeKind.Fun:
                    _sb.Append("function#").Append(Ptr(v));
                    break;
                case TypeKind.Method:
                    _sb.Append("method#").Append(Ptr(*(nint*)val));
                    break;
                case TypeKind.Obj or TypeKind.Struct:
                {
                    var ci = s.Class(t);
                    if (ci.ToStringMethod is null)
                    {
                        if (t.Kind == TypeKind.Struct)
                            _sb.Append('@');
                        _sb.Append(ci.Name);
                    }
                    else
                    {
                        CallToString(ci, t.Kind == TypeKind.Struct ? *(nint*)val : v);
                    }
                    break;
                }
                case TypeKind.Array:
                {
                    if (IsOpen(v))
                    {
                        _sb.Append("...");
                        return;
                    }
                    var h = Open(v);
                    var at = s.FromNative(HlArrays.ElementType(v));
                    var stride = HlArrays.ElementSize(at.Kind);
                    var n = HlArrays.Length(v);
                    _sb.Append('[');
                    for (var i = 0; i < n; i++)
                    {
                        if (i > 0)
                            _sb.Append(", ");
                        Addr(HlArrays.Data(handles[h]) + (nint)i * stride, at);
                    }
                    _sb.Append(']');
                    Close(h);
                    break;
                }
                case TypeKind.Type:
                    _sb.Append(HlTypeNames.Of(s, s.FromNative(*(nint*)val)));
                    break;
                case TypeKind.Ref:
                    _sb.Append("ref");
                    break;
                case TypeKind.Virtual:
                {
                    var value = Virtuals.ValueOf(v);
                    if (value != 0)
                    {
                        Rec(value);
                        return;
                    }
                    if (IsOpen(v))
                    {
                        _sb.Append("...");
                        return;
                    }
                    var h = Open(v);
                    var vi = s.Virtual(t);
                    _sb.Append('{');
                    for (var i = 0; i < vi.Count; i++)
                    {
                        var f = vi.Lookup[i];
                        if (i > 0)
                            _sb.Append(", ");
                        _sb.Append(s.FieldName(vi.Hashes[f])).Append(" : ");
                        Addr(handles[h] + vi.DataOffsets[f], vi.FieldTypes[f]);
                    }
                    _sb.Append('}');
                    Close(h);
                    break;
                }
                case TypeKind.DynObj:
                    DynObjText(v);
                    break;
                case TypeKind.Abstract:
                    _sb.Append('~').Append(t.Source?.AbstractName ?? "<abstract>").Append(':').Append(Ptr(*(nint*)val));
                    break;
                case TypeKind.Enum:
                {
                    var index = Enums.IndexOf(v);
                    var c = t.Source!.Enum!.Constructs[index];
                    if (c.Params.Count == 0)
                    {
                        _sb.Append(c.Name);
                        break;
                    }
                    if (IsOpen(v))
                    {
                        _sb.Append("...");
                        return;
                    }
                    var h = Open(v);
                    var layout = t.Constructs![index];
                    _sb.Append(c.Name).Append('(');
                    for (var i = 0; i < c.Params.Count; i++)
                    {
                        if (i > 0)
                            _sb.Append(',');
                        Addr(handles[h] + layout.Offsets[i], s.Types[c.Params[i]]);
                    }
                    _sb.Append(')');
                    Close(h);
                    break;
                }
                case TypeKind.Null:
                    _sb.Append("_null_");
                    break;
                default:
                    _sb.Append(Ptr(v)).Append('H');
                    break;
            }
        }

        private void DynObjText(nint o)
        {
            if (IsOpen(o))
            {
                _sb.Append("...");
                return;
            }
            var f = DynObjs.Find(o, s.Hash("__string"));
            var ft = f == 0 ? null : s.FromNative(DynObjs.EntryType(f));
            if (ft is { Kind: TypeKind.Fun } && s.Fun(ft) is { NArgs: 0, Ret.Kind: TypeKind.Bytes })
            {
                var closure = *(nint*)DynObjs.FieldAddress(o, f);
                if (closure != 0)
                {
                    Str((nint)Closures.CallSlots(s, closure, [], objectsMayMove));
                    return;
                }
            }
            var h = Open(o);
            _sb.Append('{');
            var order = DynObjs.PositionsInOrder(o);
            for (var i = 0; i < order.Length; i++)
            {
                // The table is read again each time: printing a field can run HL code (and move the object).
                o = handles[h];
                var e = DynObjs.Entry(o, order[i]);
                if (i > 0)
                    _sb.Append(", ");
                _sb.Append(s.FieldName(DynObjs.EntryHash(e))).Append(" : ");
                Addr(DynObjs.FieldAddress(o, e), s.FromNative(DynObjs.EntryType(e)));
            }
            _sb.Append('}');
            Close(h);
        }
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
