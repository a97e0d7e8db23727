using Vm.Frontend.Model;
using Vm.Runtime.Types;
using Vm.Runtime.Values;
using DynObjLayout = Vm.Runtime.Dynamic.DynObjLayout;

namespace Vm.Runtime.Memory;

/// <summary>One thing wrong in the heap: the block (0 for a global), the slot offset in it, the value found there.</summary>
public sealed record HeapProblem(nint Block, string Header, int Offset, nint Value, string Message)
{
    public override string ToString() => Block == 0
        ? $"{Header}{(Offset != 0 ? $" +{Offset}" : "")}: {Message} (0x{Value:x})"
        : $"block 0x{Block:x} ({Header}) +{Offset}: {Message} (0x{Value:x})";
}

/// <summary>The problems a verification found (empty when the heap is sound), with what it looked at.</summary>
public sealed class HeapReport(IReadOnlyList<HeapProblem> problems, long blocks, long referenceSlots, long nonNullReferences,
    IReadOnlyDictionary<BlockLayout, long> blocksByLayout) : IReadOnlyList<HeapProblem>
{
    /// <summary>Blocks walked, by layout tag.</summary>
    public IReadOnlyDictionary<BlockLayout, long> BlocksByLayout { get; } = blocksByLayout;

    /// <summary>Blocks walked.</summary>
    public long Blocks { get; } = blocks;

    /// <summary>Reference slots checked (null ones included).</summary>
    public long ReferenceSlots { get; } = referenceSlots;

    /// <summary>Reference slots that held something other than null.</summary>
    public long NonNullReferences { get; } = nonNullReferences;

    public HeapProblem this[int index] => problems[index];

    public int Count => problems.Count;

    public IEnumerator<HeapProblem> GetEnumerator() => problems.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        $"{Blocks} blocks ({string.Join(", ", BlocksByLayout.Select(p => $"{p.Key} {p.Value}"))}), {ReferenceSlots} reference slots ({NonNullReferences} non-null), {Count} problems";
}

/// <summary>
/// Checks the whole heap: every block's header (valid tag, type id and size consistent with the value's own
/// type words), and every reference slot the <see cref="BlockScanner"/> reports: it must be null, point into
/// permanent memory (type descriptors, constant strings, static closures, constant objects), hold a code
/// address (virtual slots of method fields only: anything outside the heap), or point to the start of a
/// heap block (inside one for slots marked interior). Roots outside the heap are checked the same way: the
/// pointer-kinded globals, the fields of constant objects in permanent memory and the error-handler slots.
/// Meant for tests and the collector's stress mode; not thread-safe with respect to running HL code.
/// </summary>
public static unsafe class HeapVerifier
{
    /// <summary>The verifier stops collecting problems after this many.</summary>
    public const int MaxProblems = 1000;

    /// <summary>
    /// Verifies the heap. With <paramref name="hiddenReferences"/>, also looks at every word the layouts do not
    /// report as a reference: one holding the exact address of a heap block is reported as a reference the
    /// collector would miss (a scalar equal to a block address is possible in principle, so this check is
    /// for tests over known programs).
    /// </summary>
    public static HeapReport Verify(VmRuntime runtime, bool hiddenReferences = false)
    {
        // The running thread's allocation buffer has an unformatted tail: give it back so the walk stays exact
        // (the next allocation takes a fresh buffer).
        if (Threading.VmThread.CurrentOrNull is { } thread && thread.Runtime == runtime)
            thread.RetireAllocationBuffer();
        var v = new Run(runtime) { HiddenReferences = hiddenReferences };
        runtime.Heap.ForEachBlock(v.CheckBlock);
        v.CheckRoots();
        return new HeapReport(v.Problems, v.Blocks, v.Slots, v.NonNull, v.ByLayout);
    }

    /// <summary>Whether <paramref name="p"/> is the address of one of the runtime's type descriptors.</summary>
    public static bool IsTypeDescriptor(VmRuntime runtime, nint p)
    {
        if (p == 0 || (p & 7) != 0 || !runtime.Permanent.Contains(p))
            return false;
        var id = ((NativeTypeDescriptor*)p)->Id;
        var all = runtime.Types.All;
        return (uint)id < (uint)all.Count && all[id].Native == p;
    }

    private sealed class Run(VmRuntime runtime)
    {
        public readonly List<HeapProblem> Problems = [];
        public long Blocks, Slots, NonNull;
        public bool HiddenReferences;
        public readonly SortedDictionary<BlockLayout, long> ByLayout = [];
        private readonly HashSet<int> _reported = [];
        private nint _block;
        private ulong _header;

        private bool Full => Problems.Count >= MaxProblems;

        private void Report(int offset, nint value, string message)
        {
            if (!Full)
                Problems.Add(new HeapProblem(_block, BlockHeader.Describe(_header), offset, value, message));
        }

        public void CheckBlock(nint block)
        {
            Blocks++;
            _block = block;
            _header = BlockHeader.Of(block);
            var layout = BlockHeader.Layout(_header);
            ByLayout[layout] = ByLayout.GetValueOrDefault(layout) + 1;
            if (Full)
                return;
            if (!CheckHeader(block, _header))
                return;
            _reported.Clear();
            BlockScanner.ForEachReference(block, runtime, (slot, kind) =>
            {
                _reported.Add((int)(slot - block));
                CheckSlot((int)(slot - block), *(nint*)slot, kind);
            });
            if (HiddenReferences)
                CheckUnreportedWords(block);
        }

        private void CheckUnreportedWords(nint block)
        {
            var size = BlockHeader.PayloadSize(_header);
            var heap = runtime.Heap;
            for (var offset = 0; offset + 8 <= size; offset += 8)
            {
                var value = *(nint*)(block + offset);
                if (value == 0 || (value & 7) != 0 || _reported.Contains(offset) || !heap.Contains(value))
                    continue;
                if (heap.FindBlockStart(value) == value)
                    Report(offset, value, "holds the address of a heap block, but the layout does not report this word as a reference");
            }
        }

        // Roots outside the heap (see Gc.RootSet): globals, constant objects' fields, error handlers, thread values, handles.
        public void CheckRoots()
        {
            _block = 0;
            _header = 0;
            Gc.RootSet.ForEach(runtime, (slot, kind, name) => CheckRoot(name, 0, *(nint*)slot, kind));
        }

        private void CheckRoot(Gc.RootName root, int offset, nint value, ReferenceSlot kind)
        {
            Slots++;
            if (value != 0)
                NonNull++;
            var problem = Classify(value, kind);
            if (problem is not null && !Full)
                Problems.Add(new HeapProblem(0, root.ToString(), offset, value, problem));
        }

        private void CheckSlot(int offset, nint value, ReferenceSlot kind)
        {
            Slots++;
            if (value != 0)
                NonNull++;
            var problem = Classify(value, kind);
            if (problem is not null)
                Report(offset, value, problem);
            // The remembered set: an old block pointing to a young one must have the slot's card dirty.
            else if (value != 0 && runtime.Heap.Young.InRange(value) && Gc.OldRegion.Contains(_block) && !Gc.OldRegion.Cards.IsDirty(_block + offset))
                Report(offset, value, "old block points to a young block, but the slot's card is clean (missing write barrier)");
        }

        // Null when the value is acceptable in a slot of this kind, else what is wrong with it.
        private string? Classify(nint value, ReferenceSlot kind)
        {
            if (value == 0)
                return null;
            var heap = runtime.Heap;
            if (heap.Contains(value))
            {
                var target = heap.FindBlockStart(value);
                if (target == 0)
                    return "points into the heap but not into a block (header, padding or free space)";
                if (target != value && (kind & ReferenceSlot.Interior) == 0)
                    return $"interior pointer (block 0x{target:x} +{value - target}) in a slot for block starts";
                return null;
            }
            if (runtime.Permanent.Contains(value))
                return null;
            if ((kind & ReferenceSlot.Code) != 0)
                return null;
            return "points outside the heap and permanent memory";
        }

        // Checks what the scanner relies on; false when the block cannot be scanned safely.
        private bool CheckHeader(nint block, ulong header)
        {
            var layout = BlockHeader.Layout(header);
            var size = BlockHeader.PayloadSize(header);
            if (!layout.IsValid())
            {
                Report(-8, (nint)header, "invalid layout tag");
                return false;
            }
            if (BlockHeader.Flags(header) != 0)
                Report(-8, (nint)header, "collector flags set while no collector runs");
            RuntimeType? type = null;
            if (layout.IsTyped())
            {
                var id = BlockHeader.TypeId(header);
                if (id >= runtime.Types.All.Count)
                {
                    Report(-8, (nint)header, $"type id {id} out of range");
                    return false;
                }
                type = runtime.Types.All[id];
            }
            else if (BlockHeader.TypeId(header) != 0)
            {
                Report(-8, (nint)header, "type id in the header of an untyped layout");
            }

            switch (layout)
            {
                case BlockLayout.AllPointers:
                    if (size % 8 != 0)
                        Report(-8, (nint)header, "all-pointers block whose size is not a multiple of 8");
                    return true;
                case BlockLayout.Instance:
                    if (type!.Kind is not (TypeKind.Obj or TypeKind.Struct) || type.Object is null)
                        return Fail($"instance of {type}, which is not a class or struct");
                    if (size != type.Object.Size)
                        return Fail($"instance of {type} has {size} bytes, its layout {type.Object.Size}");
                    if (type.Kind == TypeKind.Obj && *(nint*)block != type.Native)
                        return Fail($"instance of {type} whose type word is not its descriptor", *(nint*)block);
                    return true;
                case BlockLayout.Enum:
                {
                    if (type!.Kind != TypeKind.Enum || type.Constructs is null)
                        return Fail($"enum value of {type}, which is not an enum");
                    if (size < ValueLayout.EnumFirstParam || *(nint*)block != type.Native)
                        return Fail($"enum value of {type} whose type word is not its descriptor", size < 8 ? 0 : *(nint*)block);
                    var index = *(int*)(block + ValueLayout.EnumIndex);
                    if ((uint)index >= (uint)type.Constructs.Count)
                        return Fail($"enum value of {type} with constructor {index} of {type.Constructs.Count}");
                    if (size != type.Constructs[index].Size)
                        return Fail($"enum value {type}#{index} has {size} bytes, its layout {type.Constructs[index].Size}");
                    return true;
                }
                case BlockLayout.Virtual:
                {
                    if (type!.Kind != TypeKind.Virtual || type.Virtual is null)
                        return Fail($"virtual of {type}, which is not a virtual");
                    var view = ValueLayout.VirtualFields + 8L * type.Source!.VirtualFields!.Count;
                    if (size != view && size != type.Virtual.Size)
                        return Fail($"virtual of {type} has {size} bytes: neither a view ({view}) nor with its storage ({type.Virtual.Size})");
                    if (*(nint*)block != type.Native)
                        return Fail($"virtual of {type} whose type word is not its descriptor", *(nint*)block);
                    return true;
                }
                case BlockLayout.Dynamic:
                    if (size != ValueLayout.DynamicSize)
                        return Fail($"dynamic of {size} bytes");
                    if (!IsTypeDescriptor(runtime, *(nint*)block))
                        return Fail("dynamic whose type word is not a type descriptor", *(nint*)block);
                    return true;
                case BlockLayout.Array:
                {
                    if (size < ValueLayout.ArrayData)
                        return Fail("array smaller than its header");
                    if (*(nint*)block != runtime.Types.Builtin(TypeKind.Array).Native)
                        return Fail("array whose type word is not the array type", *(nint*)block);
                    var et = *(nint*)(block + ValueLayout.ArrayElementType);
                    if (!IsTypeDescriptor(runtime, et))
                        return Fail("array whose element type is not a type descriptor", et);
                    var count = *(int*)(block + ValueLayout.ArraySize);
                    var expected = ValueLayout.ArrayData + (long)HlArrays.ElementSize(runtime.Types.FromNative(et).Kind) * count;
                    if (count < 0 || size != expected)
                        return Fail($"array of {count} elements has {size} bytes, expected {expected}");
                    return true;
                }
                case BlockLayout.Closure:
                {
                    if (size < ValueLayout.ClosureSize)
                        return Fail("closure smaller than a closure");
                    if (!IsTypeDescriptor(runtime, *(nint*)block) || runtime.Types.FromNative(*(nint*)block).Kind != TypeKind.Fun)
                        return Fail("closure whose type word is not a function type", *(nint*)block);
                    var hasValue = *(int*)(block + ValueLayout.ClosureHasValue);
                    var expected = hasValue == 2 ? Dynamic.Closures.WrapperSize : ValueLayout.ClosureSize;
                    if (hasValue is < 0 or > 2 || size != expected)
                        return Fail($"closure with hasValue {hasValue} has {size} bytes");
                    if (hasValue == 2 && *(nint*)(block + ValueLayout.ClosureValue) != block)
                        Report(ValueLayout.ClosureValue, *(nint*)(block + ValueLayout.ClosureValue), "function-cast wrapper whose value is not itself");
                    return true;
                }
                case BlockLayout.DynObj:
                    if (size != DynObjLayout.Size)
                        return Fail($"dynamic object of {size} bytes");
                    if (*(nint*)block != runtime.Types.Builtin(TypeKind.DynObj).Native)
                        return Fail("dynamic object whose type word is not the dynobj type", *(nint*)block);
                    CheckDynObjStorage(block);
                    return true;
                default:
                    return true;
            }
        }

        // The blocks a dynamic object points to have the layouts and sizes its counts need.
        private void CheckDynObjStorage(nint o)
        {
            void Expect(int offset, BlockLayout layout, long minSize)
            {
                var p = *(nint*)(o + offset);
                if (p == 0)
                {
                    if (minSize > 0)
                        Report(offset, p, $"null, but {minSize} bytes are needed");
                    return;
                }
                if (runtime.Heap.FindBlockStart(p) != p)
                    return; // reported as a slot problem
                if (BlockHeader.LayoutOf(p) != layout || BlockHeader.SizeOf(p) < minSize)
                    Report(offset, p, $"points to a {BlockHeader.Describe(BlockHeader.Of(p))} block, expected {layout} of at least {minSize} bytes");
            }
            Expect(DynObjLayout.Lookup, BlockLayout.NoPointers, (long)DynObjLayout.LookupEntrySize * *(int*)(o + DynObjLayout.NFields));
            Expect(DynObjLayout.RawData, BlockLayout.NoPointers, *(int*)(o + DynObjLayout.RawSize));
            Expect(DynObjLayout.Values, BlockLayout.AllPointers, 8L * *(int*)(o + DynObjLayout.NValues));
            var first = *(nint*)(o + DynObjLayout.Virtuals);
            if (first != 0 && runtime.Heap.FindBlockStart(first) == first && BlockHeader.LayoutOf(first) != BlockLayout.Virtual)
                Report(DynObjLayout.Virtuals, first, "first viewing virtual is not a virtual block");
        }

        private bool Fail(string message, nint value = 0)
        {
            Report(0, value, message);
            return false;
        }
    }
}
