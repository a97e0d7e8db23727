namespace Vm.Frontend.Bytecode;

/// <summary>What one operand of an instruction refers to.</summary>
public enum OperandKind : byte
{
    /// <summary>Register written by the instruction.</summary>
    Dst,
    /// <summary>Register read by the instruction.</summary>
    Reg,
    /// <summary>Register read and then written (OIncr, ODecr).</summary>
    RegInOut,
    /// <summary>Index into the module's int constant pool.</summary>
    IntConst,
    /// <summary>Index into the module's float constant pool.</summary>
    FloatConst,
    /// <summary>Index into the module's string pool.</summary>
    String,
    /// <summary>Index into the bytes pool (version 5) or the string pool (earlier versions).</summary>
    Bytes,
    /// <summary>Global variable index.</summary>
    Global,
    /// <summary>Function index (functions and natives share one index space).</summary>
    Function,
    /// <summary>Field index of the object or virtual type of a register (including inherited fields).</summary>
    Field,
    /// <summary>Method slot: prototype index of an object type, or field index of a virtual type.</summary>
    Method,
    /// <summary>Type index.</summary>
    Type,
    /// <summary>Enum constructor index of the destination or source enum type.</summary>
    Construct,
    /// <summary>Parameter index inside an enum constructor.</summary>
    ConstructParam,
    /// <summary>Relative jump: the target is the next instruction's index plus this value.</summary>
    Jump,
    /// <summary>Relative offset recorded by OSwitch for the end of the switch; not a control transfer.</summary>
    SwitchEnd,
    /// <summary>Immediate value (boolean, flags, mode).</summary>
    Immediate,
}
