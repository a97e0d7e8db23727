using System.Buffers.Binary;

namespace Vm.Jit.Support;

/// <summary>One stack-map record: the statepoint id and the return address of its call.</summary>
public readonly record struct StackMapRecord(long Id, nint ReturnAddress);

/// <summary>
/// Reads LLVM's stack map section (format version 3): function addresses (already relocated by the
/// linker), then per function its records, each an id and an instruction offset from the function start.
/// Locations and live-outs are skipped here; the collector will read the same records.
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
        pos += 8 * numConstants;
        foreach (var (address, count) in functions)
        {
            for (ulong r = 0; r < count; r++)
            {
                var id = BinaryPrimitives.ReadInt64LittleEndian(section[pos..]);
                var offset = BinaryPrimitives.ReadUInt32LittleEndian(section[(pos + 8)..]);
                var numLocations = BinaryPrimitives.ReadUInt16LittleEndian(section[(pos + 14)..]);
                pos += 16 + 12 * numLocations;
                pos = Align8(pos);
                var numLiveOuts = BinaryPrimitives.ReadUInt16LittleEndian(section[(pos + 2)..]);
                pos += 4 + 4 * numLiveOuts;
                pos = Align8(pos);
                records.Add(new StackMapRecord(id, (nint)(address + offset)));
            }
        }
        return records;
    }

    private static int Align8(int v) => (v + 7) & ~7;
}
