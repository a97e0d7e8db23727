using Vm.Frontend.Model;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests;

public class RuntimeFixtureTests
{
    [Fact]
    public void Strings_round_trip_through_string_objects_and_errors_become_pending()
    {
        using var f = new RuntimeFixture();
        var s = f.Runtime.Strings.NewString("héllo 😀");
        Assert.Equal("héllo 😀", f.Runtime.Strings.Read(s));
        Assert.Null(f.TakePendingError());
        HlErrors.Raise("Null access");
        Assert.Equal("Null access", f.TakePendingError());
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public unsafe void Arrays_record_their_element_type_and_size()
    {
        using var f = new RuntimeFixture();
        var i32 = f.Runtime.Types.Builtin(TypeKind.I32);
        var a = HlArrays.Allocate(f.Runtime, i32, 10);
        Assert.Equal(10, HlArrays.Length(a));
        Assert.Equal(i32.Native, HlArrays.ElementType(a));
        Assert.Equal(0, ((int*)HlArrays.Data(a))[9]);
    }
}
