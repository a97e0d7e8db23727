using Vm.Runtime.Types;

namespace Vm.Runtime.Tests;

public class FieldNameHashesTests
{
    [Theory]
    [InlineData("a", 97)]
    [InlineData("ab", 21729)]
    [InlineData("toString", 409915697)]
    [InlineData("__constructor__", 483945737)]
    // Long names wrap around 32 bits and keep the sign of the wrapped value through the remainder.
    [InlineData("averyveryverylongfieldnamewithoverflow", -165241879)]
    [InlineData("é", 233)]
    public void Raw_hashes_match_hashlink(string name, int expected) =>
        Assert.Equal(expected, FieldNameHashes.RawHash(name));

    [Fact]
    public void Colliding_names_get_distinct_hashes_and_keep_them()
    {
        // 2*223 + 1 == 1*223 + 224: the same raw hash.
        const string first = "\u0002\u0001", second = "\u0001\u00E0";
        Assert.Equal(FieldNameHashes.RawHash(first), FieldNameHashes.RawHash(second));
        var table = new FieldNameHashes();
        var h1 = table.Hash(first);
        var h2 = table.Hash(second);
        Assert.Equal(447, h1);
        Assert.Equal(448, h2);
        Assert.Equal(h1, table.Hash(first));
        Assert.Equal(h2, table.Hash(second));
        Assert.Equal(second, table.NameOf(h2));
        Assert.Null(table.NameOf(12345));
    }
}
