using System.Buffers.Binary;
using System.Text;

namespace Vm.Frontend.Reading;

/// <summary>Reads the primitive encodings of the .hl format, tracking the current section for error messages.</summary>
internal sealed class ByteCursor
{
    private readonly byte[] _data;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public ByteCursor(byte[] data) => _data = data;

    public int Position { get; private set; }

    public int Remaining => _data.Length - Position;

    /// <summary>Section name used in error messages.</summary>
    public string Section { get; set; } = "header";

    public BytecodeFormatException Error(string detail, int? offset = null) => new(Section, offset ?? Position, detail);

    public byte Byte()
    {
        if (Position >= _data.Length)
            throw Error("unexpected end of data");
        return _data[Position++];
    }

    public int Int32()
    {
        Need(4);
        var v = BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(Position, 4));
        Position += 4;
        return v;
    }

    public double Double()
    {
        Need(8);
        var v = BinaryPrimitives.ReadDoubleLittleEndian(_data.AsSpan(Position, 8));
        Position += 8;
        return v;
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        if (count < 0)
            throw Error($"negative size {count}");
        Need(count);
        var span = _data.AsSpan(Position, count);
        Position += count;
        return span;
    }

    /// <summary>Compact signed index: 1 byte (0..127), 2 bytes (13-bit magnitude + sign) or 4 bytes (29-bit magnitude + sign).</summary>
    public int Index()
    {
        var b = Byte();
        if ((b & 0x80) == 0)
            return b;
        int value;
        if ((b & 0x40) == 0)
        {
            value = ((b & 0x1F) << 8) | Byte();
        }
        else
        {
            var c = Byte();
            var d = Byte();
            var e = Byte();
            value = ((b & 0x1F) << 24) | (c << 16) | (d << 8) | e;
        }
        return (b & 0x20) == 0 ? value : -value;
    }

    /// <summary>Compact index that must not be negative.</summary>
    public int UIndex()
    {
        var start = Position;
        var v = Index();
        if (v < 0)
            throw Error($"negative index {v}", start);
        return v;
    }

    /// <summary>A count of following elements, each at least <paramref name="minElementSize"/> bytes: bounded by the data left.</summary>
    public int Count(string what, int minElementSize = 1)
    {
        var start = Position;
        var n = UIndex();
        if ((long)n * minElementSize > Remaining)
            throw Error($"{what} count {n} exceeds the remaining {Remaining} bytes", start);
        return n;
    }

    /// <summary>An index that must be in [0, count).</summary>
    public int IndexBelow(int count, string what)
    {
        var start = Position;
        var v = Index();
        if ((uint)v >= (uint)count)
            throw Error($"{what} index {v} out of range (0..{count - 1})", start);
        return v;
    }

    public static string DecodeUtf8(ReadOnlySpan<byte> bytes) => StrictUtf8.GetString(bytes);

    private void Need(int count)
    {
        if (count > _data.Length - Position)
            throw Error($"unexpected end of data (need {count} bytes, {_data.Length - Position} left)");
    }
}
