namespace Vm.Runtime.Memory;

/// <summary>
/// How to find the references inside a heap block: the 4-bit layout tag of its <see cref="BlockHeader"/>.
/// <see cref="BlockScanner"/> implements each description; every allocation site passes the tag of the shape
/// it builds. "Reference" below means a word that is null, points into permanent memory (type descriptors,
/// constant strings, static closures: never moved, ignored by the collector), or points to a heap block
/// (to its start, or inside it when the slot is marked interior).
/// </summary>
public enum BlockLayout : byte
{
    /// <summary>Not a valid tag: zeroed memory never handed out. <see cref="Heap.Allocate"/> refuses it.</summary>
    Invalid = 0,

    /// <summary>
    /// No references: raw bytes (hl.Bytes buffers, string characters, map tables, dynamic objects' lookup
    /// tables and raw fields, regex blocks, handles). Words pointing to type descriptors (dynobj lookup
    /// entries) are permanent memory and need no scanning.
    /// </summary>
    NoPointers = 1,

    /// <summary>
    /// Every word (the payload size rounded down to 8 bytes) is a reference, possibly interior: map handles
    /// and slots, dynobj value arrays, deque rings and handles, thread-local slots, boxed references.
    /// </summary>
    AllPointers = 2,

    /// <summary>
    /// A class instance (type word @0, not a reference) or a struct (no type word) of the header's type id:
    /// the reference fields of its <see cref="Types.ObjectLayout"/>, packed struct fields included.
    /// </summary>
    Instance = 3,

    /// <summary>
    /// A vvirtual of the header's type id: value @8 and next @16 are references to block starts; the field
    /// slots @24 + 8i are interior references (into the viewed object, into the virtual's own storage, into a
    /// dynamic object's raw data or values) or, for fields of kind Method, code addresses: the collector
    /// tells them apart by checking whether the address is inside the heap (code never is). When the block
    /// has room for its own storage (payload >= <see cref="Types.VirtualLayout.Size"/>), the reference
    /// fields stored there follow the <see cref="Types.VirtualLayout"/>; a view has only the field slots.
    /// </summary>
    Virtual = 4,

    /// <summary>An enum value of the header's type id: the constructor index @8 selects the <see cref="Types.ConstructLayout"/> whose reference parameters are scanned.</summary>
    Enum = 5,

    /// <summary>A vdynamic (16 bytes): the value @8 is a reference iff the kind of the type at @0 is a reference kind.</summary>
    Dynamic = 6,

    /// <summary>A varray: the elements @24 (count @16) are references iff the element type @8 is of a reference kind.</summary>
    Array = 7,

    /// <summary>
    /// A vclosure: the bound value @24 is a reference when hasValue @16 is not 0; a function-cast wrapper
    /// (hasValue 2, 40 bytes) holds itself @24 and the wrapped closure @32. The function @8 is code.
    /// </summary>
    Closure = 8,

    /// <summary>A vdynobj (<see cref="Vm.Runtime.Dynamic.DynObjLayout"/>): lookup @8, raw data @16, values @24 and the first viewing virtual @48.</summary>
    DynObj = 9,

    /// <summary>
    /// Free space inside a young chunk: the unused end of a retired allocation buffer or of a survivor
    /// chunk (its bytes are stale). Heap walks and lookups skip it; it is never a value.
    /// </summary>
    Free = 10,
}

/// <summary>What a reference slot may hold besides null, permanent memory or the start of a heap block.</summary>
[Flags]
public enum ReferenceSlot : byte
{
    /// <summary>Null, permanent memory, or the start of a heap block.</summary>
    Exact = 0,

    /// <summary>May also point inside a heap block (hl.Bytes offsets, refs, packed struct addresses, virtual fields).</summary>
    Interior = 1,

    /// <summary>May also hold a code address (virtual slots of method fields): outside the heap, never a value.</summary>
    Code = 2,
}

public static class BlockLayouts
{
    /// <summary>Largest tag in use; 11 to 15 are free.</summary>
    public const BlockLayout Last = BlockLayout.Free;

    /// <summary>Whether blocks of this layout carry a RuntimeType id in their header.</summary>
    public static bool IsTyped(this BlockLayout layout) =>
        layout is BlockLayout.Instance or BlockLayout.Virtual or BlockLayout.Enum;

    public static bool IsValid(this BlockLayout layout) => layout is > BlockLayout.Invalid and <= Last;
}
