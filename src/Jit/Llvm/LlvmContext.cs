using System.Text;

namespace Vm.Jit.Llvm;

/// <summary>An LLVM context (owned by the JIT's thread-safe context) with the types lowering uses.</summary>
public sealed unsafe class LlvmContext
{
    private readonly Dictionary<string, uint> _attributeKinds = [];

    internal LlvmContext(nint handle)
    {
        Handle = handle;
        I1 = new(LlvmCore.Int1Type(handle));
        I8 = new(LlvmCore.Int8Type(handle));
        I16 = new(LlvmCore.Int16Type(handle));
        I32 = new(LlvmCore.Int32Type(handle));
        I64 = new(LlvmCore.Int64Type(handle));
        F32 = new(LlvmCore.FloatType(handle));
        F64 = new(LlvmCore.DoubleType(handle));
        Void = new(LlvmCore.VoidType(handle));
        Ptr = new(LlvmCore.PointerType(handle, 0));
        GcPtr = new(LlvmCore.PointerType(handle, GcAddressSpace));
        Token = new(LlvmCore.TokenType(handle));
    }

    internal nint Handle { get; }

    public LType I1 { get; }
    public LType I8 { get; }
    public LType I16 { get; }
    public LType I32 { get; }
    public LType I64 { get; }
    public LType F32 { get; }
    public LType F64 { get; }
    public LType Void { get; }
    /// <summary>A raw pointer: code, type descriptors, stack slots, the thread context.</summary>
    public LType Ptr { get; }

    /// <summary>The address space of references the collector tracks (statepoints relocate these).</summary>
    public const uint GcAddressSpace = 1;

    /// <summary>A reference to an HL value the collector may move.</summary>
    public LType GcPtr { get; }
    public LType Token { get; }

    public LType Function(LType ret, ReadOnlySpan<LType> args, bool varArg = false)
    {
        var handles = stackalloc nint[Math.Max(1, args.Length)];
        for (var i = 0; i < args.Length; i++)
            handles[i] = args[i].Handle;
        return new(LlvmCore.FunctionType(ret.Handle, handles, (uint)args.Length, varArg ? 1 : 0));
    }

    public LType Struct(ReadOnlySpan<LType> fields)
    {
        var handles = stackalloc nint[Math.Max(1, fields.Length)];
        for (var i = 0; i < fields.Length; i++)
            handles[i] = fields[i].Handle;
        return new(LlvmCore.StructType(Handle, handles, (uint)fields.Length, 0));
    }

    public LValue ConstInt(LType type, long value) => new(LlvmCore.ConstInt(type.Handle, unchecked((ulong)value), 1));
    public LValue ConstReal(LType type, double value) => new(LlvmCore.ConstReal(type.Handle, value));
    public LValue Null(LType type) => new(LlvmCore.ConstNull(type.Handle));
    public LValue Undef(LType type) => new(LlvmCore.GetUndef(type.Handle));

    /// <summary>A constant pointer to a fixed address (permanent runtime memory, native functions).</summary>
    public LValue ConstPointer(nint address) =>
        new(LlvmCore.ConstIntToPtr(LlvmCore.ConstInt(I64.Handle, unchecked((ulong)address), 0), Ptr.Handle));

    /// <summary>An enum attribute such as "noreturn" or "nounwind".</summary>
    public nint EnumAttribute(string name, ulong value = 0)
    {
        if (!_attributeKinds.TryGetValue(name, out var kind))
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            fixed (byte* p = bytes)
                kind = LlvmCore.GetEnumAttributeKindForName(p, (nuint)bytes.Length);
            if (kind == 0)
                throw new LlvmException($"unknown LLVM attribute '{name}'");
            _attributeKinds[name] = kind;
        }
        return LlvmCore.CreateEnumAttribute(Handle, kind, value);
    }

    public nint StringAttribute(string key, string value)
    {
        var k = Encoding.UTF8.GetBytes(key);
        var v = Encoding.UTF8.GetBytes(value);
        fixed (byte* kp = k)
        fixed (byte* vp = v)
            return LlvmCore.CreateStringAttribute(Handle, kp, (uint)k.Length, vp, (uint)v.Length);
    }
}
