using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.TestSupport;
using static Vm.TestSupport.ModuleBuilder;

namespace Vm.Jit.Tests;

/// <summary>HashLink's arithmetic semantics on the edge cases, through hand-written bytecode run by the JIT.</summary>
public sealed class LoweringSemanticsTests : IDisposable
{
    private readonly VirtualMachine _vm;
    private readonly Dictionary<string, HlFunction> _f = [];

    public LoweringSemanticsTests()
    {
        var b = new ModuleBuilder();
        var v = b.Type(TypeKind.Void);
        var i32 = b.Type(TypeKind.I32);
        var f64 = b.Type(TypeKind.F64);
        var boolean = b.Type(TypeKind.Bool);
        var names = new Dictionary<int, string>();
        int Fn(string name, int[] args, int ret, int[] regs, params Instruction[] code)
        {
            var findex = b.Function(b.Fun(args, ret), regs, code);
            names[findex] = name;
            return findex;
        }
        Fn("entry", [], v, [v], Op(Opcode.Ret, 0));
        foreach (var op in new[] { Opcode.Add, Opcode.Sub, Opcode.Mul, Opcode.SDiv, Opcode.UDiv, Opcode.SMod, Opcode.UMod, Opcode.Shl, Opcode.SShr, Opcode.UShr })
            Fn("i32." + op, [i32, i32], i32, [i32, i32, i32], Op(op, 2, 0, 1), Op(Opcode.Ret, 2));
        Fn("f64.SMod", [f64, f64], f64, [f64, f64, f64], Op(Opcode.SMod, 2, 0, 1), Op(Opcode.Ret, 2));
        Fn("f64.Neg", [f64], f64, [f64, f64], Op(Opcode.Neg, 1, 0), Op(Opcode.Ret, 1));
        Fn("toint", [f64], i32, [f64, i32], Op(Opcode.ToInt, 1, 0), Op(Opcode.Ret, 1));
        Fn("toufloat", [i32], f64, [i32, f64], Op(Opcode.ToUFloat, 1, 0), Op(Opcode.Ret, 1));
        Fn("tosfloat", [i32], f64, [i32, f64], Op(Opcode.ToSFloat, 1, 0), Op(Opcode.Ret, 1));
        foreach (var op in new[] { Opcode.JSLt, Opcode.JSGte, Opcode.JSGt, Opcode.JSLte, Opcode.JNotLt, Opcode.JNotGte, Opcode.JEq, Opcode.JNotEq })
            Fn("fcmp." + op, [f64, f64], boolean, [f64, f64, boolean],
                Op(op, 0, 1, 2), Op(Opcode.Bool, 2, 0), Op(Opcode.Ret, 2), Op(Opcode.Bool, 2, 1), Op(Opcode.Ret, 2));
        Fn("ucmp", [i32, i32], boolean, [i32, i32, boolean],
            Op(Opcode.JULt, 0, 1, 2), Op(Opcode.Bool, 2, 0), Op(Opcode.Ret, 2), Op(Opcode.Bool, 2, 1), Op(Opcode.Ret, 2));
        var module = BytecodeReader.Read(b.Build());
        foreach (var (findex, name) in names)
            _f[name] = module.FunctionAt(findex)!;
        _vm = VirtualMachine.Load(module, new VmOptions { StandardOutput = Stream.Null });
    }

    private int I(string name, int a, int b) => (int)_vm.Call(_f[name], (ulong)(uint)a, (ulong)(uint)b);
    private static ulong D(double d) => (ulong)BitConverter.DoubleToInt64Bits(d);
    private double F(string name, params double[] args) => BitConverter.Int64BitsToDouble((long)_vm.Call(_f[name], args.Select(D).ToArray()));

    [Theory]
    [InlineData(7, 2, 3)]
    [InlineData(-7, 2, -3)]
    [InlineData(5, 0, 0)]
    [InlineData(int.MinValue, -1, int.MinValue)]
    [InlineData(7, -1, -7)]
    public void Signed_division_by_zero_is_zero_and_min_by_minus_one_is_min(int a, int b, int expected) =>
        Assert.Equal(expected, I("i32.SDiv", a, b));

    [Theory]
    [InlineData(7, 3, 1)]
    [InlineData(-7, 3, -1)]
    [InlineData(5, 0, 0)]
    [InlineData(int.MinValue, -1, 0)]
    public void Signed_modulo_by_zero_or_minus_one_is_zero(int a, int b, int expected) => Assert.Equal(expected, I("i32.SMod", a, b));

    [Fact]
    public void Unsigned_division_and_modulo()
    {
        Assert.Equal(0x7FFFFFFF, I("i32.UDiv", -1, 2));
        Assert.Equal(0, I("i32.UDiv", 5, 0));
        Assert.Equal(5, I("i32.UMod", -1, 10));
        Assert.Equal(0, I("i32.UMod", 5, 0));
    }

    [Fact]
    public void Shift_counts_are_masked_to_the_width()
    {
        Assert.Equal(2, I("i32.Shl", 1, 33));
        Assert.Equal(int.MinValue, I("i32.Shl", 1, -1));
        Assert.Equal(-4, I("i32.SShr", -8, 1));
        Assert.Equal(-4, I("i32.SShr", -8, 33));
        Assert.Equal(15, I("i32.UShr", -8, 28));
        Assert.Equal(-8, I("i32.UShr", -8, 32));
    }

    [Fact]
    public void Integer_arithmetic_wraps_around()
    {
        Assert.Equal(int.MinValue, I("i32.Add", int.MaxValue, 1));
        Assert.Equal(int.MaxValue, I("i32.Sub", int.MinValue, 1));
        Assert.Equal(0, I("i32.Mul", 65536, 65536));
    }

    [Theory]
    [InlineData(double.NaN, int.MinValue)]
    [InlineData(1e10, int.MinValue)]
    [InlineData(-1e10, int.MinValue)]
    [InlineData(double.PositiveInfinity, int.MinValue)]
    [InlineData(3.9, 3)]
    [InlineData(-3.9, -3)]
    [InlineData(2147483647.5, int.MaxValue)]
    [InlineData(-2147483648.0, int.MinValue)]
    public void Float_to_int_gives_min_int_for_nan_and_out_of_range(double value, int expected) =>
        Assert.Equal(expected, (int)_vm.Call(_f["toint"], D(value)));

    [Fact]
    public void Float_negation_is_zero_minus_x()
    {
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(F("f64.Neg", 0.0)));
        Assert.Equal(-1.5, F("f64.Neg", 1.5));
        Assert.Equal(-1.0, F("f64.SMod", -7.0, 2.0));
        Assert.True(double.IsNaN(F("f64.SMod", 1.0, 0.0)));
    }

    [Fact]
    public void Unsigned_and_signed_int_to_float()
    {
        Assert.Equal(4294967295.0, BitConverter.Int64BitsToDouble((long)_vm.Call(_f["toufloat"], 0xFFFFFFFFUL)));
        Assert.Equal(-1.0, BitConverter.Int64BitsToDouble((long)_vm.Call(_f["tosfloat"], 0xFFFFFFFFUL)));
    }

    [Theory]
    [InlineData("JSLt", 1.0, 2.0, true)]
    [InlineData("JSLt", double.NaN, 2.0, false)]
    [InlineData("JNotLt", double.NaN, 2.0, true)]
    [InlineData("JSGte", double.NaN, 2.0, false)]
    [InlineData("JNotGte", double.NaN, 2.0, true)]
    [InlineData("JSGt", double.NaN, 2.0, false)]
    [InlineData("JSLte", double.NaN, double.NaN, false)]
    [InlineData("JEq", double.NaN, double.NaN, false)]
    [InlineData("JNotEq", double.NaN, double.NaN, true)]
    [InlineData("JSLte", 2.0, 2.0, true)]
    public void Float_comparisons_are_false_on_nan_except_negated_ones(string op, double a, double b, bool expected) =>
        Assert.Equal(expected, (byte)_vm.Call(_f["fcmp." + op], D(a), D(b)) != 0);

    [Fact]
    public void Unsigned_comparison()
    {
        Assert.Equal(1, (byte)_vm.Call(_f["ucmp"], 1, 0xFFFFFFFF));
        Assert.Equal(0, (byte)_vm.Call(_f["ucmp"], 0xFFFFFFFF, 1));
    }

    public void Dispose() => _vm.Dispose();
}
