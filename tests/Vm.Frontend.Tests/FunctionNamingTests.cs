using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.TestSupport;
using static Vm.TestSupport.ModuleBuilder;

namespace Vm.Frontend.Tests;

public class FunctionNamingTests
{
    [Fact]
    public void Functions_are_named_as_in_hashlink_stack_traces()
    {
        var b = new ModuleBuilder();
        var v = b.Type(TypeKind.Void);
        var fun = b.Fun([], v);
        var entry = b.ReserveFunctionIndex();
        var method = b.ReserveFunctionIndex();
        var staticFn = b.ReserveFunctionIndex();
        var lambda1 = b.ReserveFunctionIndex();
        var lambda2 = b.ReserveFunctionIndex();
        var nested = b.ReserveFunctionIndex();
        var orphan = b.ReserveFunctionIndex();
        b.Obj("Game", protos: [("update", method, 0)]);
        b.Obj("$Game", fields: [("main", fun), ("count", b.Type(TypeKind.I32))], bindings: [(0, staticFn)]);
        var ret = Op(Opcode.Ret, 0);
        b.Function(fun, [v, fun], [Op(Opcode.Call0, 0, staticFn), ret], functionIndex: entry);
        b.Function(fun, [v, fun], [Op(Opcode.StaticClosure, 1, lambda1), Op(Opcode.StaticClosure, 1, lambda2), ret], functionIndex: method);
        b.Function(fun, [v, fun], [Op(Opcode.StaticClosure, 1, lambda1), ret], functionIndex: staticFn);
        b.Function(fun, [v, fun], [Op(Opcode.Call0, 0, nested), ret], functionIndex: lambda1);
        b.Function(fun, [v], [ret], functionIndex: lambda2);
        b.Function(fun, [v], [ret], functionIndex: nested);
        b.Function(fun, [v], [ret], functionIndex: orphan);
        b.EntryPoint = entry;

        var m = BytecodeReader.Read(b.Build());
        string Name(int findex) => m.FunctionAt(findex)!.Name;
        Assert.Equal(".init", Name(entry));
        Assert.Equal("Game.update", Name(method));
        Assert.Equal("$Game.main", Name(staticFn));
        // lambda1 is referenced by Game.update (first) and then by $Game.main: the later reference wins, numbered per owner.
        Assert.Equal("$Game.~main.0", Name(lambda1));
        Assert.Equal("Game.~update.1", Name(lambda2));
        // A function referenced only from an anonymous function takes that function's owner.
        Assert.Equal("$Game.~main.1", Name(nested));
        Assert.Equal("fun$" + orphan, Name(orphan));

        Assert.Equal([m.FunctionAt(staticFn)!], m.FindFunctions("Game.main"));
        Assert.Equal([m.FunctionAt(method)!], m.FindFunctions("Game.update"));
        Assert.Empty(m.FindFunctions("Game.nothing"));
    }

    [Fact]
    public void Real_program_names_its_statics_methods_and_closures()
    {
        var m = BytecodeReader.ReadFile(HaxeCompiler.Compile(RepoPaths.Conformance, "Closures"));
        var names = m.Functions.Select(f => f.Name).ToHashSet();
        Assert.Contains("$Closures.main", names);
        Assert.Contains(".init", names);
        Assert.Contains("String.charAt", names);
        Assert.Contains(names, n => n.StartsWith("$Closures.~main.", StringComparison.Ordinal));
    }
}
