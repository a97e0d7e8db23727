namespace Vm.Frontend.Reading;

/// <summary>The bytes are not a valid HashLink module. Names the section and byte offset where reading stopped.</summary>
public sealed class BytecodeFormatException : Exception
{
    public BytecodeFormatException(string section, long offset, string detail)
        : base($"invalid bytecode in {section} at byte {offset}: {detail}")
    {
        Section = section;
        Offset = offset;
        Detail = detail;
    }

    /// <summary>Section being read, e.g. "header", "types", "function 12 (findex 40)".</summary>
    public string Section { get; }

    /// <summary>Byte offset in the file where the problem was found.</summary>
    public long Offset { get; }

    public string Detail { get; }
}
