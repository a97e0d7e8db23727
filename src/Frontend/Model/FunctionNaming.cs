using Vm.Frontend.Bytecode;

namespace Vm.Frontend.Model;

/// <summary>
/// Gives every function the name HashLink uses in stack traces:
/// methods and static functions are "Class.field" (from prototypes and field bindings);
/// an anonymous function is "Class.~field.N", named after the first named function that
/// references it (calls or closures), N counting such functions per owner; the entry point is ".init";
/// anything else is "fun$INDEX".
/// </summary>
public static class FunctionNaming
{
    internal static void Assign(HlModule module)
    {
        var functions = module.Functions;
        var owner = new string?[functions.Count];
        var field = new string?[functions.Count];
        var refTarget = new int[functions.Count];
        var refNumber = new int[functions.Count];
        var refCounter = new int[functions.Count];
        Array.Fill(refTarget, -1);

        foreach (var t in module.Types)
        {
            if (t.Object is not { } obj)
                continue;
            foreach (var p in obj.Protos)
                if (module.FunctionAt(p.FunctionIndex) is { } f)
                    (owner[f.Index], field[f.Index]) = (obj.Name, p.Name);
            foreach (var b in obj.Bindings)
            {
                var bound = obj.FieldAt(b.FieldIndex);
                if (bound is { Type.Kind: TypeKind.Fun or TypeKind.Dyn } && module.FunctionAt(b.FunctionIndex) is { } f)
                    (owner[f.Index], field[f.Index]) = (obj.Name, bound.Name);
            }
        }

        // Anonymous functions take the name of the named function that references them, in function order.
        foreach (var f in functions)
        {
            var named = f.Index;
            while (named >= 0 && owner[named] is null)
                named = refTarget[named];
            if (named < 0)
                continue;
            foreach (var ins in f.Instructions)
            {
                if (!ReferencesFunction(ins.Opcode))
                    continue;
                if (module.FunctionAt(ins.B) is not { } callee || owner[callee.Index] is not null)
                    continue;
                refTarget[callee.Index] = named;
                refNumber[callee.Index] = refCounter[named]++;
            }
        }

        foreach (var f in functions)
        {
            if (f.FunctionIndex == module.EntryPoint)
                f.Name = ".init";
            else if (owner[f.Index] is { } o)
                f.Name = o + "." + field[f.Index];
            else if (refTarget[f.Index] is var target and >= 0)
                f.Name = $"{owner[target]}.~{field[target]}.{refNumber[f.Index]}";
            else
                f.Name = "fun$" + f.FunctionIndex;
        }
    }

    private static bool ReferencesFunction(Opcode op) =>
        op is >= Opcode.Call0 and <= Opcode.CallN or Opcode.StaticClosure or Opcode.InstanceClosure;
}
