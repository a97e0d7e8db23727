using Vm.Frontend.Model;

namespace Vm.Runtime.Types;

/// <summary>
/// A field a new instance starts with bound to a function (HashLink "bindings"): static functions of a
/// class object, or methods stored as closures over the instance.
/// </summary>
/// <param name="FieldIndex">Field index in the whole class chain.</param>
/// <param name="FunctionIndex">The bound function.</param>
/// <param name="BindsInstance">True when the closure carries the new instance as its bound value.</param>
public sealed record ClassBinding(int FieldIndex, int FunctionIndex, bool BindsInstance);

public static class ClassBindingResolver
{
    /// <summary>The bindings of a class, inherited ones first, a subclass's binding replacing its parent's for the same field.</summary>
    public static IReadOnlyList<ClassBinding> Resolve(HlType classType, Func<int, HlType> functionType)
    {
        var chain = new List<HlType>();
        for (var t = classType; t is not null; t = t.Object!.Super)
            chain.Add(t);
        var result = new List<ClassBinding>();
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            foreach (var b in chain[i].Object!.Bindings)
            {
                var field = classType.Object!.FieldAt(b.FieldIndex)!;
                // A function-typed field whose function has the same arity is a plain static function;
                // otherwise (dynamic fields, or the method takes the instance) the closure binds the instance.
                var bindsInstance = !(field.Type.Kind == TypeKind.Fun
                                      && field.Type.Function!.Args.Count == functionType(b.FunctionIndex).Function!.Args.Count);
                var binding = new ClassBinding(b.FieldIndex, b.FunctionIndex, bindsInstance);
                var existing = result.FindIndex(x => x.FieldIndex == b.FieldIndex);
                if (existing >= 0)
                    result[existing] = binding;
                else
                    result.Add(binding);
            }
        }
        return result;
    }
}
