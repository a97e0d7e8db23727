namespace Vm.Frontend.Bytecode;

/// <summary>
/// Field, method and enum-constructor operands are numbers inside some register's type.
/// This says which register that is, for the disassembler and the verifier alike.
/// </summary>
public static class ScopeRegister
{
    /// <summary>Register whose type scopes the Field/Method/Construct/ConstructParam operands of <paramref name="ins"/>, or -1.</summary>
    public static int Of(Instruction ins) => ins.Opcode switch
    {
        Opcode.Field or Opcode.VirtualClosure or Opcode.EnumField => ins.B,
        Opcode.SetField or Opcode.SetEnumField or Opcode.MakeEnum or Opcode.EnumAlloc or Opcode.Prefetch => ins.A,
        Opcode.GetThis or Opcode.SetThis or Opcode.CallThis => 0,
        Opcode.CallMethod => ins.List.Length > 0 ? ins.List[0] : -1,
        _ => -1,
    };
}
