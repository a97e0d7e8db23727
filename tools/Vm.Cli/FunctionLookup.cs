using Vm.Frontend.Model;

namespace Vm.Cli;

/// <summary>Finds functions by the name the user typed: a stack-trace name (Main.main) or @INDEX.</summary>
internal static class FunctionLookup
{
    public static IReadOnlyList<HlFunction> Find(HlModule module, string name)
    {
        IReadOnlyList<HlFunction> found;
        if (name.StartsWith('@') && int.TryParse(name.AsSpan(1), out var index))
            found = module.IsValidFunctionIndex(index) && module.FunctionAt(index) is { } f ? [f] : [];
        else
            found = module.FindFunctions(name);
        if (found.Count == 0)
            throw new CliException($"no function named '{name}' in the module (names look like Main.main, or @INDEX)");
        return found;
    }
}
