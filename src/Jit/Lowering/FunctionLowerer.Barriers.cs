using Vm.Frontend.Model;
using Vm.Jit.Llvm;
using Vm.Runtime.Gc;
using Vm.Runtime.Memory;

namespace Vm.Jit.Lowering;

internal sealed partial class FunctionLowerer
{
    /// <summary>
    /// Stores a value of an HL register into memory that may be in the heap; when the value is a reference,
    /// the write barrier follows: a slot in the old region gets its card dirtied, so the next minor
    /// collection finds the old block that may now point to a young one. Other addresses (young blocks,
    /// stack slots, permanent memory) pass the range test and cost a compare and a not-taken branch.
    /// </summary>
    private void StoreValue(LValue value, LValue address, HlType valueType)
    {
        _b.Store(value, address);
        if (valueType.Kind.IsPointer())
            WriteBarrier(address);
    }

    /// <summary>Stores a reference into memory that may be in the heap, with the write barrier.</summary>
    private void StoreReference(LValue value, LValue address)
    {
        _b.Store(value, address);
        WriteBarrier(address);
    }

    /// <summary>The card-marking barrier on <paramref name="slot"/> (a reference was just stored there).</summary>
    private void WriteBarrier(LValue slot)
    {
        var offset = _b.Sub(_b.PtrToInt(slot, _c.I64), I64(OldRegion.Start));
        var mark = NewBlock("card");
        var done = NewBlock("barrier");
        _b.CondBr(_b.ICmp(IntPredicate.Ult, offset, I64(OldRegion.Size)), mark, done);
        _b.PositionAtEnd(mark);
        var card = _b.ByteOffset(Ptr(OldRegion.Cards.Base), _b.LShr(offset, I64(CardTable.CardShift)));
        _b.Store(_c.ConstInt(_c.I8, 1), card);
        _b.Br(done);
        _b.PositionAtEnd(done);
    }
}
