using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.TestSupport;
using static Vm.TestSupport.ModuleBuilder;

namespace Vm.Frontend.Tests;

public class MalformedInputTests
{
    private static BytecodeFormatException Reject(byte[] data) => Assert.Throws<BytecodeFormatException>(() => BytecodeReader.Read(data));

    private static (ModuleBuilder B, int Void, int Fun) Minimal()
    {
        var b = new ModuleBuilder();
        var v = b.Type(TypeKind.Void);
        return (b, v, b.Fun([], v));
    }

    [Fact]
    public void Not_a_bytecode_file()
    {
        var e = Reject("HLX\u0004"u8.ToArray());
        Assert.Equal("header", e.Section);
        Assert.Contains("HLB", e.Message);
        Reject([]);
        Reject("HL"u8.ToArray());
    }

    [Fact]
    public void Unknown_opcode_names_the_function_and_offset()
    {
        var (b, v, fun) = Minimal();
        b.Function(fun, [v], [Op(Opcode.Ret, 0)]);
        var data = b.Build();
        // The last function's code ends with: ORet(opcode 70), 0, then debug bytes; find the ORet byte and corrupt it.
        var at = Array.LastIndexOf(data, (byte)Opcode.Ret);
        data[at] = 200;
        var e = Reject(data);
        Assert.StartsWith("function #0", e.Section);
        Assert.Equal(at, e.Offset);
        Assert.Contains("unknown opcode 200", e.Message);
    }

    [Fact]
    public void Unknown_type_kind()
    {
        var b = new ModuleBuilder { EntryPoint = 0 };
        b.RawType(42);
        var e = Reject(b.Build());
        Assert.Equal("types (type 0)", e.Section);
        Assert.Contains("unknown type kind 42", e.Message);
    }

    [Fact]
    public void Register_out_of_range()
    {
        var (b, v, fun) = Minimal();
        b.Function(fun, [v], [Op(Opcode.Mov, 0, 5), Op(Opcode.Ret, 0)]);
        var e = Reject(b.Build());
        Assert.Contains("instruction 0 (OMov): operand 1: register index 5 out of range (0..0)", e.Message);
    }

    [Fact]
    public void Jump_outside_the_function()
    {
        var (b, v, fun) = Minimal();
        b.Function(fun, [v], [Op(Opcode.JAlways, 5), Op(Opcode.Ret, 0)]);
        Assert.Contains("jump target 6 outside the function", Reject(b.Build()).Message);
        var (b2, v2, fun2) = Minimal();
        b2.Function(fun2, [v2], [Op(Opcode.JAlways, -2), Op(Opcode.Ret, 0)]);
        Assert.Contains("jump target -1 outside the function", Reject(b2.Build()).Message);
    }

    [Fact]
    public void Pool_indices_out_of_range()
    {
        foreach (var (op, expected) in new[] { (Opcode.Int, "int constant"), (Opcode.Float, "float constant"), (Opcode.String, "string"),
                     (Opcode.GetGlobal, "global"), (Opcode.Call0, "function"), (Opcode.Type, "type") })
        {
            var (b, v, fun) = Minimal();
            b.Function(fun, [v], [Op(op, 0, 99), Op(Opcode.Ret, 0)]);
            Assert.Contains($"{expected} index 99 out of range", Reject(b.Build()).Message);
        }
    }

    [Fact]
    public void Count_larger_than_the_file_is_rejected_before_allocating()
    {
        var (b, v, fun) = Minimal();
        b.Function(fun, [v], [Op(Opcode.Ret, 0)]);
        var data = b.Build();
        // Header: "HLB", version, flags, then nints; make nints huge (4-byte compact index).
        var patched = data[..5].Concat(new byte[] { 0xDF, 0xFF, 0xFF, 0xFF }).Concat(data[6..]).ToArray();
        var e = Reject(patched);
        Assert.Contains("int count", e.Message);
    }

    [Fact]
    public void Duplicate_function_indices_are_rejected()
    {
        var (b, v, fun) = Minimal();
        b.Function(fun, [v], [Op(Opcode.Ret, 0)], functionIndex: 0);
        b.Function(fun, [v], [Op(Opcode.Ret, 0)], functionIndex: 0);
        Assert.Contains("function index 0 used by", Reject(b.Build()).Message);
    }

    [Fact]
    public void Entry_point_must_be_a_bytecode_function()
    {
        var (b, v, fun) = Minimal();
        var native = b.Native("std", "x", fun);
        b.Function(fun, [v], [Op(Opcode.Ret, 0)]);
        b.EntryPoint = native;
        Assert.Contains("entry point", Reject(b.Build()).Message);
    }

    [Fact]
    public void Cyclic_super_classes_are_rejected()
    {
        var (b, v, fun) = Minimal();
        b.Obj("A", super: 3);
        b.Obj("B", super: 2);
        b.Function(fun, [v], [Op(Opcode.Ret, 0)]);
        Assert.Contains("cyclic super class chain", Reject(b.Build()).Message);
    }

    [Fact]
    public void Function_with_a_non_function_type_is_rejected()
    {
        var (b, v, _) = Minimal();
        b.Function(v, [v], [Op(Opcode.Ret, 0)]);
        Assert.Contains("is not a function type", Reject(b.Build()).Message);
    }

    [Fact]
    public void Binding_to_a_missing_field_is_rejected()
    {
        var (b, v, fun) = Minimal();
        b.Obj("A", bindings: [(3, 0)]);
        b.Function(fun, [v], [Op(Opcode.Ret, 0)]);
        Assert.Contains("binds field 3 but has 0 fields", Reject(b.Build()).Message);
    }

    [Fact]
    public void Truncation_anywhere_reports_the_end_of_data()
    {
        var (b, v, fun) = Minimal();
        b.Function(fun, [v], [Op(Opcode.Ret, 0)]);
        var data = b.Build();
        for (var length = 0; length < data.Length; length++)
        {
            var e = Reject(data[..length]);
            Assert.InRange(e.Offset, 0, length);
        }
    }
}
