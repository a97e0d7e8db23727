using Vm.Runtime.Values;

namespace Vm.Runtime.Dynamic;

/// <summary>hl_dyn_op: arithmetic on two dynamics (numbers or null), as std.dyn_op.</summary>
public static unsafe class DynOps
{
    public const int Add = 0, Sub = 1, Mul = 2, Mod = 3, Div = 4, Shl = 5, Shr = 6, UShr = 7, And = 8, Or = 9, Xor = 10, Last = 11;

    private static readonly string[] Names = ["+", "-", "*", "%", "/", "<<", ">>", ">>>", "&", "|", "^"];

    public static nint DynOp(DynamicState s, int op, nint a, nint b)
    {
        if (op < 0 || op >= Last)
            throw HlFailure.Error($"Invalid op {op}");
        if (a == 0 && b == 0)
            return op is Div or Mod ? BoxF64(s, double.NaN) : 0;
        if ((a == 0 || HlTypeOps.IsNumber(s.TypeOf(a).Kind)) && (b == 0 || HlTypeOps.IsNumber(s.TypeOf(b).Kind)))
        {
            switch (op)
            {
                case Add: return BoxF64(s, D(s, a) + D(s, b));
                case Sub: return BoxF64(s, D(s, a) - D(s, b));
                case Mul: return BoxF64(s, D(s, a) * D(s, b));
                case Mod: return BoxF64(s, D(s, a) % D(s, b));
                case Div: return BoxF64(s, D(s, a) / D(s, b));
                case Shl: return s.BoxI32(I(s, a) << I(s, b));
                case Shr: return s.BoxI32(I(s, a) >> I(s, b));
                case UShr: return s.BoxI32((int)((uint)I(s, a) >> I(s, b)));
                case And: return s.BoxI32(I(s, a) & I(s, b));
                case Or: return s.BoxI32(I(s, a) | I(s, b));
                case Xor: return s.BoxI32(I(s, a) ^ I(s, b));
            }
        }
        throw HlFailure.Error($"Can't perform dyn op {TypeName(s, a)} {Names[op]} {TypeName(s, b)}");
    }

    private static string TypeName(DynamicState s, nint v) => v == 0 ? "null" : HlTypeNames.Of(s, s.TypeOf(v));

    private static double D(DynamicState s, nint v) => Casts.CastD(s, (nint)(&v), s.Dyn);

    private static int I(DynamicState s, nint v) => Casts.CastI(s, (nint)(&v), s.Dyn, s.I32);

    private static nint BoxF64(DynamicState s, double value)
    {
        var d = s.Runtime.AllocateDynamic(s.F64);
        *(double*)(d + ValueLayout.DynamicValue) = value;
        return d;
    }
}
