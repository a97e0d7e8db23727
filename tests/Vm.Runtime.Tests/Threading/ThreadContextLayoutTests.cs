using System.Reflection;
using System.Runtime.InteropServices;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Tests.Threading;

/// <summary>The offsets JIT code uses to reach the thread context are those of the struct's fields.</summary>
public class ThreadContextLayoutTests
{
    [Fact]
    public void Every_offset_constant_names_its_field_at_that_offset()
    {
        var constants = typeof(ThreadContextData).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Offset", StringComparison.Ordinal)).ToList();
        Assert.True(constants.Count >= 14);
        foreach (var c in constants)
        {
            var field = c.Name[..^"Offset".Length];
            Assert.Equal((int)c.GetRawConstantValue()!, (int)Marshal.OffsetOf<ThreadContextData>(field));
        }
    }
}
