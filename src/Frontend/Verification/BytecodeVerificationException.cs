namespace Vm.Frontend.Verification;

/// <summary>A function's bytecode is well-formed but not valid (e.g. unbalanced trap regions). Names the function and instruction.</summary>
public sealed class BytecodeVerificationException : Exception
{
    public BytecodeVerificationException(string function, int instruction, string detail)
        : base($"invalid bytecode in {function} at instruction {instruction}: {detail}")
    {
        Function = function;
        Instruction = instruction;
        Detail = detail;
    }

    public string Function { get; }
    public int Instruction { get; }
    public string Detail { get; }
}
