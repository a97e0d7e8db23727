using Vm.Runtime.Gc;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Tests.Gc;

public class GcOptionsTests
{
    [Fact]
    public void Settings_the_collector_cannot_work_with_are_refused_with_a_clear_message()
    {
        Assert.Contains("at least 65536 bytes", Assert.Throws<InvalidGcOptionsException>(() => new Heap(new GcOptions { NurserySize = 1024 })).Message);
        Assert.Contains("between 0 and 15", Assert.Throws<InvalidGcOptionsException>(() => new Heap(new GcOptions { PromotionAge = 16 })).Message);
        Assert.Throws<InvalidGcOptionsException>(() => new Heap(new GcOptions { OldGrowthFactor = 1.0 }));
        Assert.Throws<InvalidGcOptionsException>(() => new Heap(new GcOptions { InitialOldLimit = -1 }));
        using var fine = new Heap(new GcOptions { NurserySize = 64 * 1024, SurvivorSize = 64 * 1024, PromotionAge = 0 });
        Assert.Equal(64 * 1024, fine.Young.NurserySize);
    }
}
