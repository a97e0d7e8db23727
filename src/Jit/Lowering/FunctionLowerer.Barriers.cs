using Vm.Frontend.Model;
using Vm.Jit.Llvm;
using Vm.Runtime.Gc;
using Vm.Runtime.Memory;
using Vm.Runtime.Threading;

namespace Vm.Jit.Lowering;

internal sealed partial class FunctionLowerer
{
    /// <summary>
    /// Stores a value of an HL register into memory that may be in the heap; when the value is a reference,
    /// the write barrier follows, so the next minor collection finds the old block that may now point to a
    /// young one. Other stores (into young blocks, stack slots, permanent memory; of old or permanent
    /// values) cost two range tests and a not-taken branch.
    /// </summary>
    private void StoreValue(LValue value, LValue address, HlType valueType)
    {
        _b.Store(value, address);
        if (valueType.Kind.IsPointer())
            WriteBarrier(address, value);
    }

    /// <summary>Stores a reference into memory that may be in the heap, with the write barrier.</summary>
    private void StoreReference(LValue value, LValue address)
    {
        _b.Store(value, address);
        WriteBarrier(address, value);
    }

    /// <summary>
    /// The card-marking barrier: dirties the card of <paramref name="slot"/> when the slot is in the old
    /// region and the stored <paramref name="value"/> is in the thread's barrier range: this runtime's young
    /// generation, or every value while an incremental marking is under way (a store into a block the
    /// marking scanned already must be seen again). Otherwise old-to-old stores leave cards clean, so minor
    /// collections scan only cards that can hold old-to-young edges. The range comes from the thread
    /// context (two loads) rather than constants, so the marking's barrier costs no test of its own.
    /// </summary>
    private void WriteBarrier(LValue slot, LValue value)
    {
        var start = _b.Load(_c.I64, At(_ctx, ThreadContextData.BarrierRangeStartOffset));
        var size = _b.Load(_c.I64, At(_ctx, ThreadContextData.BarrierRangeSizeOffset));
        var inRange = _b.ICmp(IntPredicate.Ult, _b.Sub(_b.PtrToInt(value, _c.I64), start), size);
        var offset = _b.Sub(_b.PtrToInt(slot, _c.I64), I64(OldRegion.Start));
        var isOld = _b.ICmp(IntPredicate.Ult, offset, I64(OldRegion.Size));
        var mark = NewBlock("card");
        var done = NewBlock("barrier");
        _b.CondBr(_b.And(inRange, isOld), mark, done);
        _b.PositionAtEnd(mark);
        var card = _b.ByteOffset(Ptr(OldRegion.Cards.Base), _b.LShr(offset, I64(CardTable.CardShift)));
        _b.Store(_c.ConstInt(_c.I8, 1), card);
        _b.Br(done);
        _b.PositionAtEnd(done);
    }
}
