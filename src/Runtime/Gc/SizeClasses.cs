using System.Runtime.CompilerServices;
namespace Vm.Runtime.Gc;

/// <summary>
/// Cell sizes of the old generation's pages (header included). Spacing grows with size so internal
/// waste stays under ~20%; blocks larger than the last class go to the large-object space.
/// </summary>
public static class SizeClasses
{
    private static readonly int[] Sizes = Build();
    private static readonly byte[] ClassBySixteenth = BuildLookup();

    /// <summary>Largest cell size served by pages.</summary>
    public const int MaxCellSize = 32768;

    public static int Count => Sizes.Length;

    public static int CellSize(int sizeClass) => Sizes[sizeClass];

    /// <summary>The smallest class whose cells hold <paramref name="bytes"/> (header included); -1 when too large.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ClassFor(long bytes)
    {
        if (bytes <= 0)
            return 0;
        if (bytes > MaxCellSize)
            return -1;
        return ClassBySixteenth[(bytes + 15) >> 4];
    }

    private static int[] Build()
    {
        var sizes = new List<int>();
        for (var s = 16; s <= 128; s += 16)
            sizes.Add(s);
        var step = 32;
        for (var s = 160; s <= MaxCellSize; s += step)
        {
            sizes.Add(s);
            if (s >= step * 8)
                step *= 2;
        }
        if (sizes[^1] != MaxCellSize)
            sizes.Add(MaxCellSize);
        return sizes.ToArray();
    }

    private static byte[] BuildLookup()
    {
        var lookup = new byte[MaxCellSize / 16 + 1];
        var c = 0;
        for (var i = 0; i < lookup.Length; i++)
        {
            while (Sizes[c] < i * 16)
                c++;
            lookup[i] = (byte)c;
        }
        return lookup;
    }
}
