using Vm.Frontend.Model;
using Vm.Runtime.Gc;

namespace Vm.Runtime.Natives.Maps;

/// <summary>
/// What differs between key kinds: how a key is hashed, compared and stored. Implemented by
/// structs so the generic table is specialised (and these calls inlined) per key kind.
/// </summary>
internal unsafe interface IMapKeys<TKey> where TKey : unmanaged
{
    /// <summary>Bytes per slot in the table's scalar area.</summary>
    static abstract int ScalarSize { get; }

    /// <summary>Words per slot in the slots block: the value, preceded by the key when keys are references.</summary>
    static abstract int SlotWords { get; }

    /// <summary>Whether hashes come from addresses (and so go stale when the collector moves objects).</summary>
    static abstract bool AddressHashed { get; }

    /// <summary>Element type of the keys() array, as hl creates it.</summary>
    static abstract TypeKind KeyKind { get; }

    static abstract uint Hash(TKey key);

    /// <summary>The hash of the key stored in a slot (cached or recomputed).</summary>
    static abstract uint HashAt(in MapView v, int slot);

    static abstract bool Matches(in MapView v, int slot, uint hash, TKey key);

    static abstract void Store(in MapView v, int slot, uint hash, TKey key);

    static abstract TKey KeyAt(in MapView v, int slot);
}

/// <summary>Int keys: stored in the scalar area; the hash is the key's bits.</summary>
internal unsafe struct IntKeys : IMapKeys<int>
{
    public static int ScalarSize => 4;
    public static int SlotWords => 1;
    public static bool AddressHashed => false;
    public static TypeKind KeyKind => TypeKind.I32;

    public static uint Hash(int key) => (uint)key;

    public static uint HashAt(in MapView v, int slot) => (uint)((int*)v.Scalars)[slot];

    public static bool Matches(in MapView v, int slot, uint hash, int key) => ((int*)v.Scalars)[slot] == key;

    public static void Store(in MapView v, int slot, uint hash, int key) => ((int*)v.Scalars)[slot] = key;

    public static int KeyAt(in MapView v, int slot) => ((int*)v.Scalars)[slot];
}

/// <summary>Int64 keys: stored in the scalar area; hl hashes the two halves xor-ed.</summary>
internal unsafe struct Int64Keys : IMapKeys<long>
{
    public static int ScalarSize => 8;
    public static int SlotWords => 1;
    public static bool AddressHashed => false;
    public static TypeKind KeyKind => TypeKind.I64;

    public static uint Hash(long key) => (uint)key ^ (uint)(key >> 32);

    public static uint HashAt(in MapView v, int slot) => Hash(((long*)v.Scalars)[slot]);

    public static bool Matches(in MapView v, int slot, uint hash, long key) => ((long*)v.Scalars)[slot] == key;

    public static void Store(in MapView v, int slot, uint hash, long key) => ((long*)v.Scalars)[slot] = key;

    public static long KeyAt(in MapView v, int slot) => ((long*)v.Scalars)[slot];
}

/// <summary>
/// Bytes keys: zero-terminated UTF-16 buffers, kept by reference (hl does not copy them) in the
/// slots block, with their hash cached in the scalar area so most mismatches cost one compare.
/// </summary>
internal unsafe struct BytesKeys : IMapKeys<nint>
{
    public static int ScalarSize => 4;
    public static int SlotWords => 2;
    public static bool AddressHashed => false;
    public static TypeKind KeyKind => TypeKind.Bytes;

    /// <summary>
    /// hl's string hash (hl_hash_gen without the name cache): h = 223 * h + unit over the code units
    /// before the first zero, wrapping at 32 bits, then the signed remainder by 0x1FFFFF7B.
    /// </summary>
    public static uint Hash(nint key)
    {
        var p = (char*)key;
        uint h = 0;
        for (; *p != 0; p++)
            h = unchecked(223u * h + *p);
        return (uint)((int)h % 0x1FFFFF7B);
    }

    public static uint HashAt(in MapView v, int slot) => ((uint*)v.Scalars)[slot];

    public static bool Matches(in MapView v, int slot, uint hash, nint key) =>
        ((uint*)v.Scalars)[slot] == hash && Equal((char*)v.Slots[2 * slot], (char*)key);

    public static void Store(in MapView v, int slot, uint hash, nint key)
    {
        ((uint*)v.Scalars)[slot] = hash;
        WriteBarrier.Store((nint)(v.Slots + 2 * slot), key);
    }

    public static nint KeyAt(in MapView v, int slot) => v.Slots[2 * slot];

    /// <summary>Whether two zero-terminated UTF-16 strings are equal (reads neither past its terminator).</summary>
    public static bool Equal(char* a, char* b)
    {
        if (a == b)
            return true;
        while (*a == *b)
        {
            if (*a == 0)
                return true;
            a++;
            b++;
        }
        return false;
    }
}

/// <summary>Object keys: compared by identity; hl hashes the low 32 bits of the address.</summary>
internal unsafe struct ObjectKeys : IMapKeys<nint>
{
    public static int ScalarSize => 0;
    public static int SlotWords => 2;
    public static bool AddressHashed => true;
    public static TypeKind KeyKind => TypeKind.Dyn;

    public static uint Hash(nint key) => (uint)key;

    public static uint HashAt(in MapView v, int slot) => (uint)v.Slots[2 * slot];

    public static bool Matches(in MapView v, int slot, uint hash, nint key) => v.Slots[2 * slot] == key;

    public static void Store(in MapView v, int slot, uint hash, nint key) => WriteBarrier.Store((nint)(v.Slots + 2 * slot), key);

    public static nint KeyAt(in MapView v, int slot) => v.Slots[2 * slot];
}
