namespace Vm.Jit.Lowering;

/// <summary>Lowering met an instruction (or operand type) it does not handle yet.</summary>
public sealed class UnsupportedOpcodeException(string what) : Exception(what);
