namespace Vm.Runtime.Dynamic;

/// <summary>
/// Heap layout of a dynamic object (vdynobj, type kind DynObj), as HashLink lays it out:
/// <code>
///  0 type        the built-in dynobj descriptor
///  8 lookup      → block (no pointers) of <see cref="LookupEntrySize"/>-byte entries sorted by hash:
///                  {type descriptor (permanent memory), int hash, int index | order &lt;&lt; 17}
/// 16 raw_data    → block (no pointers) holding the non-reference fields
/// 24 values      → block (references only) holding the reference fields, one word each
/// 32 nfields, 36 raw_size, 40 nvalues (ints)
/// 48 virtuals    → the first virtual viewing this object (a list linked through vvirtual.next)
/// </code>
/// A field's index locates its storage in raw_data (byte offset) or values (word index) depending on
/// whether its type is a reference; its order (bits 17 and up) is its insertion position, which is the
/// order Reflect.fields and printing report. Virtuals viewing the object point into raw_data and values;
/// the collector must treat those as interior pointers.
/// </summary>
public static class DynObjLayout
{
    public const int Lookup = 8;
    public const int RawData = 16;
    public const int Values = 24;
    public const int NFields = 32;
    public const int RawSize = 36;
    public const int NValues = 40;
    public const int Virtuals = 48;
    public const int Size = 56;

    /// <summary>The words of a vdynobj that hold heap references.</summary>
    public static readonly int[] PointerOffsets = [Lookup, RawData, Values, Virtuals];

    public const int LookupEntrySize = 16;
    public const int EntryType = 0;
    public const int EntryHash = 8;
    public const int EntryIndex = 12;

    public const int IndexShift = 17;
    public const int IndexMask = (1 << IndexShift) - 1;
}
