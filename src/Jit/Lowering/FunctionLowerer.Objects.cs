using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Runtime.Memory;
using Vm.Runtime.Threading;
using Vm.Runtime.Types;
using Vm.Runtime.Values;

namespace Vm.Jit.Lowering;

/// <summary>Globals, fields of classes and virtuals, allocation, dynamic access, boxing and casts.</summary>
internal sealed partial class FunctionLowerer
{
    private void StoreGlobal(int global, int register)
    {
        if (HlTypeMapIsVoid(register))
            return;
        _b.Store(Load(register), Ptr(_m.Runtime.GlobalAddress(global)));
    }

    // `this` (register 0 of a method, OGetThis/OSetThis) is never null: no check for it.
    private LValue LoadField(int objectRegister, int field, HlType resultType, bool isThis = false)
    {
        var objType = RegType(objectRegister);
        var obj = Load(objectRegister);
        switch (objType.Kind)
        {
            case TypeKind.Obj:
            case TypeKind.Struct:
            {
                if (!isThis)
                    NullCheck(obj);
                var layout = _m.Runtime.Types[objType].Object!;
                var address = At(obj, layout.FieldOffsets[field]);
                // A struct stored inline (packed) is read as its address.
                if (layout.FieldTypes[field].Kind == TypeKind.Packed)
                    return address;
                return _b.Load(_m.Types.Of(resultType), address);
            }
            case TypeKind.Virtual:
                return LoadVirtualField(obj, objType, field, resultType);
            default:
                throw Unsupported($"on {objType.Kind}");
        }
    }

    private void StoreField(int objectRegister, int field, int valueRegister, bool isThis = false)
    {
        var objType = RegType(objectRegister);
        var obj = Load(objectRegister);
        switch (objType.Kind)
        {
            case TypeKind.Obj:
            case TypeKind.Struct:
            {
                if (!isThis)
                    NullCheck(obj);
                var layout = _m.Runtime.Types[objType].Object!;
                if (layout.FieldTypes[field].Kind == TypeKind.Packed)
                    throw Unsupported("storing a packed struct field");
                if (!HlTypeMapIsVoid(valueRegister))
                    StoreValue(Load(valueRegister), At(obj, layout.FieldOffsets[field]), RegType(valueRegister));
                return;
            }
            case TypeKind.Virtual:
                StoreVirtualField(obj, objType, field, valueRegister);
                return;
            default:
                throw Unsupported($"on {objType.Kind}");
        }
    }

    // A virtual's field slot points at the value when the viewed object has the field; otherwise the
    // field is looked up dynamically by the hash of its name.
    private LValue LoadVirtualField(LValue v, HlType vt, int field, HlType resultType)
    {
        NullCheck(v);
        // Field slots point into the viewed object: interior references the collector keeps up to date.
        var slot = _b.Load(_c.GcPtr, At(v, ValueLayout.VirtualFields + 8L * field));
        var direct = NewBlock("vdirect");
        var lookup = NewBlock("vlookup");
        var done = NewBlock("vdone");
        _b.CondBr(_b.IsNull(slot), lookup, direct);
        _b.PositionAtEnd(direct);
        var t = _m.Types.Of(resultType);
        var d = _b.Load(t, slot);
        var directEnd = _b.CurrentBlock;
        _b.Br(done);
        _b.PositionAtEnd(lookup);
        var l = DynamicGet(v, FieldHash(vt.VirtualFields![field].Name), resultType);
        var lookupEnd = _b.CurrentBlock;
        _b.Br(done);
        _b.PositionAtEnd(done);
        return _b.Phi(t, [(d, directEnd), (l, lookupEnd)]);
    }

    private void StoreVirtualField(LValue v, HlType vt, int field, int valueRegister)
    {
        NullCheck(v);
        var slot = _b.Load(_c.GcPtr, At(v, ValueLayout.VirtualFields + 8L * field));
        var direct = NewBlock("vdirect");
        var lookup = NewBlock("vlookup");
        var done = NewBlock("vdone");
        _b.CondBr(_b.IsNull(slot), lookup, direct);
        _b.PositionAtEnd(direct);
        if (!HlTypeMapIsVoid(valueRegister))
            StoreValue(Load(valueRegister), slot, RegType(valueRegister));
        _b.Br(done);
        _b.PositionAtEnd(lookup);
        DynamicSet(v, FieldHash(vt.VirtualFields![field].Name), valueRegister);
        _b.Br(done);
        _b.PositionAtEnd(done);
    }

    private LValue FieldHash(string name) => I32(_m.Runtime.FieldHashes.Hash(name));

    private void LowerDynGet(Instruction ins)
    {
        var obj = Load(ins.B);
        Store(ins.A, DynamicGet(obj, FieldHash(_m.Code.Strings[ins.C]), RegType(ins.A)));
    }

    private void LowerDynSet(Instruction ins) =>
        DynamicSet(Load(ins.A), FieldHash(_m.Code.Strings[ins.B]), ins.C);

    // hl_dyn_get*: the variant follows the value's storage kind.
    private LValue DynamicGet(LValue obj, LValue hash, HlType t) => t.Kind switch
    {
        TypeKind.F32 => CallHelper("rt_dyn_getf", obj, hash),
        TypeKind.F64 => CallHelper("rt_dyn_getd", obj, hash),
        TypeKind.I64 or TypeKind.Guid => CallHelper("rt_dyn_geti64", obj, hash),
        TypeKind.I32 or TypeKind.UI16 or TypeKind.UI8 or TypeKind.Bool =>
            NarrowInt(CallHelper("rt_dyn_geti", obj, hash, TypeDescriptor(t)), t),
        _ => CallHelper("rt_dyn_getp", obj, hash, TypeDescriptor(t)),
    };

    private void DynamicSet(LValue obj, LValue hash, int valueRegister)
    {
        var t = RegType(valueRegister);
        var v = Load(valueRegister);
        switch (t.Kind)
        {
            case TypeKind.F32: CallHelper("rt_dyn_setf", obj, hash, v); break;
            case TypeKind.F64: CallHelper("rt_dyn_setd", obj, hash, v); break;
            case TypeKind.I64 or TypeKind.Guid: CallHelper("rt_dyn_seti64", obj, hash, v); break;
            case TypeKind.I32 or TypeKind.UI16 or TypeKind.UI8 or TypeKind.Bool:
                CallHelper("rt_dyn_seti", obj, hash, TypeDescriptor(t), WidenInt(v, t));
                break;
            case TypeKind.Void: CallHelper("rt_dyn_setp", obj, hash, TypeDescriptor(t), _c.Null(_c.Ptr)); break;
            default: CallHelper("rt_dyn_setp", obj, hash, TypeDescriptor(t), v); break;
        }
    }

    private LValue NarrowInt(LValue i32, HlType t) => t.Kind == TypeKind.I32 ? i32 : _b.Trunc(i32, _m.Types.Of(t));

    private LValue WidenInt(LValue v, HlType t) => t.Kind == TypeKind.I32 ? v : _b.ZExt(v, _c.I32);

    private void LowerNew(Instruction ins)
    {
        var t = RegType(ins.A);
        var desc = TypeDescriptor(t);
        if (t.Kind is TypeKind.Obj or TypeKind.Struct && !HasBoundFields(t))
        {
            Store(ins.A, AllocateInline(t));
            return;
        }
        Store(ins.A, t.Kind switch
        {
            TypeKind.Obj or TypeKind.Struct => CallHelper("rt_new_object", desc),
            TypeKind.Virtual => CallHelper("rt_alloc_virtual", desc),
            TypeKind.DynObj => CallHelper("rt_alloc_dynobj"),
            _ => throw Unsupported($"of {t.Kind}"),
        });
    }

    private bool HasBoundFields(HlType t) =>
        t.Kind == TypeKind.Obj && ClassBindingResolver.Resolve(t, f => _m.Code.GetCallee(f).Type).Count > 0;

    /// <summary>
    /// Inline allocation of a class or struct instance: bump the thread's allocation buffer (a load, an
    /// add, a compare, a store), write the block header and the type word; the buffer is zeroed. When
    /// the buffer is exhausted the runtime allocates and refills it.
    /// </summary>
    private LValue AllocateInline(HlType t)
    {
        var rt = _m.Runtime.Types[t];
        return AllocateInline(rt.Object!.Size, BlockLayout.Instance, rt.Id,
            t.Kind == TypeKind.Obj ? TypeDescriptor(t) : null, "rt_new_object", TypeDescriptor(t));
    }

    /// <summary>
    /// Inline allocation of a block of <paramref name="size"/> payload bytes with the given header; the
    /// type word (when given) is stored at offset 0. The slow path calls <paramref name="slowHelper"/>,
    /// which allocates the same block and refills the buffer.
    /// </summary>
    private LValue AllocateInline(long size, BlockLayout layout, int typeId, LValue? typeWord, string slowHelper, params LValue[] slowArgs)
    {
        var total = BlockHeader.FootprintOf(size);
        var cursorSlot = At(_ctx, ThreadContextData.AllocCursorOffset);
        // The cursor is an integer: the new object is made a reference by inttoptr, which the statepoint
        // rewriting takes as a base of its own (a base derived from the cursor would point at the header).
        var cursor = _b.Load(_c.I64, cursorSlot);
        var limit = _b.Load(_c.I64, At(_ctx, ThreadContextData.AllocLimitOffset));
        var next = _b.Add(cursor, I64(total));
        var fast = NewBlock("alloc");
        var slow = NewBlock("allocslow");
        var done = NewBlock("allocated");
        // A zero cursor (no buffer) fails the test too: next is then total, the limit 0.
        _b.CondBr(_b.ICmp(IntPredicate.Ule, next, limit), fast, slow);

        _b.PositionAtEnd(fast);
        _b.Store(next, cursorSlot);
        var obj = _b.IntToPtr(_b.Add(cursor, I64(BlockHeader.Size)), _c.GcPtr);
        _b.Store(I64(unchecked((long)BlockHeader.Make(size, layout, typeId))), At(obj, -BlockHeader.Size));
        if (typeWord is { } word)
            _b.Store(word, obj);
        _b.Br(done);

        _b.PositionAtEnd(slow);
        var allocated = CallHelper(slowHelper, slowArgs);
        var slowEnd = _b.CurrentBlock;
        _b.Br(done);

        _b.PositionAtEnd(done);
        return _b.Phi(_c.GcPtr, [(obj, fast), (allocated, slowEnd)]);
    }

    private void LowerToDyn(Instruction ins)
    {
        var from = RegType(ins.B);
        var v = Load(ins.B);
        if (from.Kind == TypeKind.Bool)
        {
            Store(ins.A, CallHelper("rt_dyn_bool", v));
            return;
        }
        if (from.Kind.IsPointer())
        {
            // A reference is boxed too, except null which stays null.
            var box = NewBlock("box");
            var done = NewBlock("boxed");
            var start = _b.CurrentBlock;
            _b.CondBr(_b.IsNull(v), done, box);
            _b.PositionAtEnd(box);
            var boxed = CallHelper("rt_new_dynamic", TypeDescriptor(from));
            StoreValue(v, At(boxed, ValueLayout.DynamicValue), from);
            var boxEnd = _b.CurrentBlock;
            _b.Br(done);
            _b.PositionAtEnd(done);
            Store(ins.A, _b.Phi(_c.GcPtr, [(_c.Null(_c.GcPtr), start), (boxed, boxEnd)]));
            return;
        }
        var dyn = AllocateInline(ValueLayout.DynamicSize, BlockLayout.Dynamic, 0, TypeDescriptor(from), "rt_new_dynamic", TypeDescriptor(from));
        if (!HlTypeMap.IsVoid(from))
            _b.Store(v, At(dyn, ValueLayout.DynamicValue));
        Store(ins.A, dyn);
    }

    // hl_dyn_cast*: the source value is passed by address with its type.
    private void LowerSafeCast(Instruction ins)
    {
        var to = RegType(ins.A);
        var from = RegType(ins.B);
        var address = HlTypeMapIsVoid(ins.B) ? _c.Null(_c.Ptr) : SpillCopy(ins.B);
        var fromDesc = TypeDescriptor(from);
        Store(ins.A, to.Kind switch
        {
            TypeKind.F32 => CallHelper("rt_dyn_castf", address, fromDesc),
            TypeKind.F64 => CallHelper("rt_dyn_castd", address, fromDesc),
            TypeKind.I64 or TypeKind.Guid => CallHelper("rt_dyn_casti64", address, fromDesc),
            TypeKind.I32 or TypeKind.UI16 or TypeKind.UI8 or TypeKind.Bool =>
                NarrowInt(CallHelper("rt_dyn_casti", address, fromDesc, TypeDescriptor(to)), to),
            _ => SafeCastPointer(ins, from, to, address, fromDesc),
        });
    }

    /// <summary>
    /// A cast to a pointer type, with the runtime's answer inlined for the common cases: null stays null when
    /// the source is a dynamic kind, and a Dynamic holding an instance of exactly the target class is itself.
    /// </summary>
    private LValue SafeCastPointer(Instruction ins, HlType from, HlType to, LValue address, LValue fromDesc)
    {
        if (HlTypeMapIsVoid(ins.B) || !Runtime.Dynamic.HlTypeOps.IsDynamic(from.Kind))
            return CallHelper("rt_dyn_castp", address, fromDesc, TypeDescriptor(to));
        var value = Load(ins.B);
        var slow = NewBlock("castcall");
        var done = NewBlock("casted");
        var entry = _b.CurrentBlock;
        LBlock? exactEnd = null;
        if (from.Kind == TypeKind.Dyn && to.Kind == TypeKind.Obj)
        {
            var check = NewBlock("casttype");
            _b.CondBr(_b.IsNull(value), done, check);
            _b.PositionAtEnd(check);
            var typeWord = _b.Load(_c.Ptr, At(value, 0));
            _b.CondBr(_b.ICmp(IntPredicate.Eq, _b.PtrToInt(typeWord, _c.I64), _b.PtrToInt(TypeDescriptor(to), _c.I64)), done, slow);
            exactEnd = check;
        }
        else
        {
            _b.CondBr(_b.IsNull(value), done, slow);
        }
        _b.PositionAtEnd(slow);
        var called = _b.CoercePointer(CallHelper("rt_dyn_castp", address, fromDesc, TypeDescriptor(to)), value.Type);
        var slowEnd = _b.CurrentBlock;
        _b.Br(done);
        _b.PositionAtEnd(done);
        List<(LValue, LBlock)> incoming = [(_c.Null(value.Type), entry), (called, slowEnd)];
        if (exactEnd is { } e)
            incoming.Add((value, e));
        return _b.Phi(value.Type, [.. incoming]);
    }

    // A reinterpretation of the register's bits.
    private void LowerUnsafeCast(Instruction ins)
    {
        if (HlTypeMapIsVoid(ins.A) || HlTypeMapIsVoid(ins.B))
            return;
        if (RegLType(ins.A) == RegLType(ins.B))
            Store(ins.A, Load(ins.B));
        else
            Store(ins.A, _b.Load(RegLType(ins.A), SpillCopy(ins.B)));
    }

    private void LowerGetType(Instruction ins)
    {
        var v = Load(ins.B);
        var voidType = GcConstant(_m.Runtime.Types.Builtin(TypeKind.Void).Native);
        var start = _b.CurrentBlock;
        var read = NewBlock("readtype");
        var done = NewBlock("gottype");
        _b.CondBr(_b.IsNull(v), done, read);
        _b.PositionAtEnd(read);
        var t = _b.Load(_c.GcPtr, v);
        var readEnd = _b.CurrentBlock;
        _b.Br(done);
        _b.PositionAtEnd(done);
        Store(ins.A, _b.Phi(_c.GcPtr, [(voidType, start), (t, readEnd)]));
    }
}
