using System.Buffers.Binary;
using Vm.Runtime.Gc;

namespace Vm.Jit.Support;

/// <summary>One stack-map record: the statepoint id, the return address of its call, and its locations.</summary>
public sealed record StackMapRecord(long Id, nint ReturnAddress, IReadOnlyList<StackMapLocation> Locations)
{
    /// <summary>
    /// The references of a statepoint record: after three constant locations (calling convention,
    /// flags, number of deopt values) and the deopt values come (base, derived) pairs.
    /// </summary>
    public IReadOnlyList<RootPair> StatepointRoots()
    {
        if (Locations.Count < 3 || Locations[2].Kind != LocationKind.Constant)
            return [];
        var deopt = Locations[2].Offset;
        var roots = new List<RootPair>();
        for (var i = 3 + deopt; i + 1 < Locations.Count; i += 2)
            roots.Add(new RootPair(Locations[i], Locations[i + 1]));
        return roots;
    }
}

/// <summary>
/// Reads LLVM's stack map section (format version 3): function addresses (already relocated by the
/// linker), constants, then per function its records, each an id, an instruction offset from the
/// function start and the locations of its live values.
/// </summary>
public static class StackMapParser
{
    public static List<StackMapRecord> Parse(ReadOnlySpan<byte> section)
    {
        var records = new List<StackMapRecord>();
        if (section.Length < 16)
            return records;
        if (section[0] != 3)
            throw new InvalidDataException($"unsupported stack map version {section[0]}");
        var numFunctions = (int)BinaryPrimitives.ReadUInt32LittleEndian(section[4..]);
        var numConstants = (int)BinaryPrimitives.ReadUInt32LittleEndian(section[8..]);
        var pos = 16;
        var functions = new (ulong Address, ulong Count)[numFunctions];
        for (var i = 0; i < numFunctions; i++)
        {
            functions[i] = (BinaryPrimitives.ReadUInt64LittleEndian(section[pos..]), BinaryPrimitives.ReadUInt64LittleEndian(section[(pos + 16)..]));
            pos += 24;
        }
        var constants = new long[numConstants];
        for (var i = 0; i < numConstants; i++)
            constants[i] = BinaryPrimitives.ReadInt64LittleEndian(section[(pos + 8 * i)..]);
        pos += 8 * numConstants;
        foreach (var (address, count) in functions)
        {
            for (ulong r = 0; r < count; r++)
            {
                var id = BinaryPrimitives.ReadInt64LittleEndian(section[pos..]);
                var offset = BinaryPrimitives.ReadUInt32LittleEndian(section[(pos + 8)..]);
                var numLocations = BinaryPrimitives.ReadUInt16LittleEndian(section[(pos + 14)..]);
                pos += 16;
                var locations = new StackMapLocation[numLocations];
                for (var l = 0; l < numLocations; l++)
                {
                    var kind = (LocationKind)section[pos];
                    var size = BinaryPrimitives.ReadUInt16LittleEndian(section[(pos + 2)..]);
                    var reg = BinaryPrimitives.ReadUInt16LittleEndian(section[(pos + 4)..]);
                    var value = BinaryPrimitives.ReadInt32LittleEndian(section[(pos + 8)..]);
                    // Large constants are stored in the constants table.
                    if (kind == LocationKind.ConstantIndex && value >= 0 && value < constants.Length)
                        locations[l] = new StackMapLocation(LocationKind.Constant, size, reg, (int)constants[value]);
                    else
                        locations[l] = new StackMapLocation(kind, size, reg, value);
                    pos += 12;
                }
                pos = Align8(pos);
                var numLiveOuts = BinaryPrimitives.ReadUInt16LittleEndian(section[(pos + 2)..]);
                pos += 4 + 4 * numLiveOuts;
                pos = Align8(pos);
                records.Add(new StackMapRecord(id, (nint)(address + offset), locations));
            }
        }
        return records;
    }

    private static int Align8(int v) => (v + 7) & ~7;
}
