namespace Vm.Frontend.Model;

/// <summary>A native function imported from a library (e.g. "std", "itos").</summary>
public sealed record HlNative(int Index, string Library, string Name, HlType Type, int FunctionIndex)
{
    public string QualifiedName => Library + "." + Name;
}

/// <summary>A constant global initialised at load: the global and the pool indices of its fields.</summary>
public sealed record HlConstant(int GlobalIndex, IReadOnlyList<int> Fields);
