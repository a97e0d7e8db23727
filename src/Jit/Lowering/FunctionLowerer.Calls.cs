using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Jit.Lowering;

/// <summary>Static, virtual and closure calls; closure creation.</summary>
internal sealed partial class FunctionLowerer
{
    private LValue[] LoadArgs(ReadOnlySpan<int> registers)
    {
        var values = new LValue[registers.Length];
        for (var i = 0; i < registers.Length; i++)
            values[i] = Load(registers[i]);
        return values;
    }

    private void LowerStaticCall(Instruction ins)
    {
        var findex = ins.B;
        var args = ins.Opcode == Opcode.CallN ? ins.List.ToArray() : ins.Operands[2..].ToArray();
        var callee = _m.Code.GetCallee(findex);
        LValue result;
        if (callee.Native is { } pure && PureIntrinsic(pure) is { } intrinsic)
        {
            // A native that is one machine instruction: no call, nothing can be pending after it.
            result = _b.Call(_m.Module.Function(intrinsic, _c.Function(_c.F64, [_c.F64])), LoadArgs(args));
        }
        else if (callee.Native is { } native)
        {
            // Natives use the C convention directly; they raise by leaving an exception pending.
            RecordNativeCall();
            result = _m.Runtime.Natives[native].Implementation is { CallbacksMayMoveObjects: true }
                ? CallThroughShim(_m.Native(native), Symbols.Native(native.Index), LoadArgs(args))
                : _b.Call(_m.Native(native), LoadArgs(args));
            CheckPending();
        }
        else
        {
            result = CallUnwinding(_m.HlFunction(findex), [_ctx, .. LoadArgs(args)]);
        }
        StoreResult(ins.A, callee.Type.Function!.Return, result);
    }

    /// <summary>The LLVM intrinsic computing a float native exactly (IEEE-correct in both), or null.</summary>
    private static string? PureIntrinsic(HlNative native)
    {
        var sig = native.Type.Function!;
        if (sig.Args.Count != 1 || sig.Args[0].Kind != TypeKind.F64 || sig.Return.Kind != TypeKind.F64)
            return null;
        return (native.Library, native.Name) switch
        {
            ("std", "math_sqrt") => "llvm.sqrt.f64",
            ("std", "math_abs") => "llvm.fabs.f64",
            _ => null,
        };
    }

    private void StoreResult(int dst, HlType returnType, LValue result)
    {
        if (!HlTypeMap.IsVoid(returnType))
            Store(dst, result);
    }

    private void LowerCallMethod(Instruction ins, int objectRegister, ReadOnlySpan<int> rest)
    {
        var objType = RegType(objectRegister);
        if (objType.Kind == TypeKind.Virtual)
        {
            LowerCallVirtualMethod(ins, objectRegister, rest.ToArray());
            return;
        }
        if (objType.Kind != TypeKind.Obj)
            throw Unsupported($"on {objType.Kind}");
        var slot = ins.B;
        var proto = objType.Object!.ProtoForSlot(slot) ?? throw Unsupported($"with no method in slot {slot}");
        var sig = _m.Code.GetCallee(proto.FunctionIndex).Type.Function!;
        var obj = Load(objectRegister);
        NullCheck(obj);
        var fn = MethodPointer(obj, slot);
        var args = new List<LValue> { _ctx, obj };
        args.AddRange(LoadArgs(rest));
        var result = CallUnwinding(_m.Types.HlFunction(sig), fn, args.ToArray());
        StoreResult(ins.A, sig.Return, result);
    }

    /// <summary>The function in method-table slot <paramref name="slot"/> of an object's class.</summary>
    private LValue MethodPointer(LValue obj, int slot)
    {
        var type = _b.Load(_c.Ptr, obj);
        var methods = _b.Load(_c.Ptr, At(type, NativeTypeDescriptor.MethodsOffset));
        return _b.Load(_c.Ptr, At(methods, 8L * slot));
    }

    // A virtual's method field holds the method's code address when the viewed object has the method
    // (the runtime's to-virtual conversion stores it); the method is called with the object first.
    // Otherwise the call goes by name (hl_dyn_call_obj).
    private void LowerCallVirtualMethod(Instruction ins, int objectRegister, int[] rest)
    {
        var vt = RegType(objectRegister);
        var field = vt.VirtualFields![ins.B];
        var sig = field.Type.Function ?? throw Unsupported($"calling a non-function field of {vt}");
        var v = Load(objectRegister);
        NullCheck(v);
        var slot = _b.Load(_c.Ptr, At(v, ValueLayout.VirtualFields + 8L * ins.B));
        var value = _b.Load(_c.GcPtr, At(v, ValueLayout.VirtualValue));
        var args = LoadArgs(rest);
        var direct = NewBlock("vmethod");
        var byName = NewBlock("vdyncall");
        var done = NewBlock("vcalled");
        _b.CondBr(_b.IsNull(slot), byName, direct);

        _b.PositionAtEnd(direct);
        var r1 = CallUnwinding(_m.Types.HlFunction(sig, withBoundValue: true), slot, [_ctx, value, .. args]);
        var directEnd = _b.CurrentBlock;
        _b.Br(done);

        _b.PositionAtEnd(byName);
        var argv = EntryAlloca(_c.Struct(Enumerable.Repeat(_c.Ptr, Math.Max(1, rest.Length)).ToArray()), "dynargs");
        for (var i = 0; i < rest.Length; i++)
        {
            var t = RegType(rest[i]);
            var word = t.Kind.IsPointer() ? args[i] : HlTypeMapIsVoid(rest[i]) ? _c.Null(_c.Ptr) : SpillCopy(rest[i]);
            _b.Store(word, At(argv, 8L * i));
        }
        var retBuf = EntryAlloca(_c.Struct([_c.I64, _c.I64]), "dynret");
        var p = CallHelper("rt_dyn_call_obj", value, TypeDescriptor(field.Type), FieldHash(field.Name), argv, retBuf);
        var r2 = HlTypeMap.IsVoid(sig.Return) || sig.Return.Kind.IsPointer() ? p : _b.Load(_m.Types.Of(sig.Return), At(retBuf, 8));
        var byNameEnd = _b.CurrentBlock;
        _b.Br(done);

        _b.PositionAtEnd(done);
        if (!HlTypeMap.IsVoid(sig.Return))
            Store(ins.A, _b.Phi(_m.Types.Of(sig.Return), [(r1, directEnd), (r2, byNameEnd)]));
    }

    // OCallClosure on a dynamic: arguments are dynamics already; the dynamic result is cast to the destination.
    private void LowerCallDynamic(Instruction ins)
    {
        var args = ins.List;
        var argv = EntryAlloca(_c.Struct(Enumerable.Repeat(_c.Ptr, Math.Max(1, args.Length)).ToArray()), "dynargs");
        for (var i = 0; i < args.Length; i++)
        {
            if (!RegType(args[i]).Kind.IsPointer())
                throw Unsupported("with a non-dynamic argument");
            _b.Store(Load(args[i]), At(argv, 8L * i));
        }
        var result = CallHelper("rt_dyn_call", Load(ins.B), argv, I32(args.Length));
        if (HlTypeMapIsVoid(ins.A))
            return;
        var tmp = EntryAlloca(_c.GcPtr, "dynresult");
        _b.Store(result, tmp);
        var to = RegType(ins.A);
        var dyn = TypeDescriptor(RegType(ins.B));
        Store(ins.A, to.Kind switch
        {
            TypeKind.F32 => CallHelper("rt_dyn_castf", tmp, dyn),
            TypeKind.F64 => CallHelper("rt_dyn_castd", tmp, dyn),
            TypeKind.I64 or TypeKind.Guid => CallHelper("rt_dyn_casti64", tmp, dyn),
            TypeKind.I32 or TypeKind.UI16 or TypeKind.UI8 or TypeKind.Bool => NarrowInt(CallHelper("rt_dyn_casti", tmp, dyn, TypeDescriptor(to)), to),
            _ => CallHelper("rt_dyn_castp", tmp, dyn, TypeDescriptor(to)),
        });
    }

    private void LowerCallClosure(Instruction ins)
    {
        var closureType = RegType(ins.B);
        if (closureType.Kind == TypeKind.Dyn)
        {
            LowerCallDynamic(ins);
            return;
        }
        if (closureType.Kind != TypeKind.Fun)
            throw Unsupported($"on {closureType.Kind}");
        var sig = closureType.Function!;
        var closure = Load(ins.B);
        NullCheck(closure);
        var fn = _b.Load(_c.Ptr, At(closure, ValueLayout.ClosureFunction));
        var hasValue = _b.Load(_c.I32, At(closure, ValueLayout.ClosureHasValue));
        var args = LoadArgs(ins.List);
        var bound = NewBlock("bound");
        var plain = NewBlock("plain");
        var done = NewBlock("called");
        _b.CondBr(_b.ICmp(IntPredicate.Ne, hasValue, I32(0)), bound, plain);

        _b.PositionAtEnd(bound);
        var value = _b.Load(_c.GcPtr, At(closure, ValueLayout.ClosureValue));
        var r1 = CallUnwinding(_m.Types.HlFunction(sig, withBoundValue: true), fn, [_ctx, value, .. args]);
        var boundEnd = _b.CurrentBlock;
        _b.Br(done);

        _b.PositionAtEnd(plain);
        var r2 = CallUnwinding(_m.Types.HlFunction(sig), fn, [_ctx, .. args]);
        var plainEnd = _b.CurrentBlock;
        _b.Br(done);

        _b.PositionAtEnd(done);
        if (!HlTypeMap.IsVoid(sig.Return))
            Store(ins.A, _b.Phi(_m.Types.Of(sig.Return), [(r1, boundEnd), (r2, plainEnd)]));
    }

    private void LowerInstanceClosure(Instruction ins) =>
        Store(ins.A, NewBoundClosure(RegType(ins.A), _m.HlFunction(ins.B).Value, Load(ins.C)));

    /// <summary>A closure with a bound value, allocated inline: type word, function, has-value flag, value.</summary>
    private LValue NewBoundClosure(HlType closureType, LValue function, LValue value)
    {
        var desc = TypeDescriptor(closureType);
        var c = AllocateInline(ValueLayout.ClosureSize, Runtime.Memory.BlockLayout.Closure, 0, desc, "rt_new_closure", desc, function, value);
        // On the slow path the helper already stored these; storing again is harmless.
        _b.Store(function, At(c, ValueLayout.ClosureFunction));
        _b.Store(I32(1), At(c, ValueLayout.ClosureHasValue));
        StoreReference(value, At(c, ValueLayout.ClosureValue));
        return c;
    }

    private void LowerVirtualClosure(Instruction ins)
    {
        var objType = RegType(ins.B);
        if (objType.Kind != TypeKind.Obj)
            throw Unsupported($"on {objType.Kind}");
        var obj = Load(ins.B);
        NullCheck(obj);
        var fn = MethodPointer(obj, ins.C);
        Store(ins.A, NewBoundClosure(RegType(ins.A), fn, obj));
    }

    /// <summary>The runtime type descriptor of a bytecode type, as a constant pointer.</summary>
    private LValue TypeDescriptor(HlType t) => Ptr(_m.Runtime.Types[t].Native);
}
