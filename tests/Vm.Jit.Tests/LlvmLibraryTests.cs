using Vm.Jit.Llvm;

namespace Vm.Jit.Tests;

public class LlvmLibraryTests
{
    [Fact]
    public void The_system_llvm_19_is_found_and_reports_its_version()
    {
        var (major, _, _) = LlvmLibrary.Version;
        Assert.Equal(LlvmLibrary.RequiredMajorVersion, major);
    }

    [Fact]
    public void A_missing_library_names_the_package_to_install()
    {
        var e = Assert.Throws<LlvmNotFoundException>(() => LlvmLibrary.Load(["libLLVM-does-not-exist.so.19"]));
        Assert.Contains("libllvm19", e.Message);
        Assert.Contains("libLLVM-does-not-exist.so.19", e.Message);
        Assert.Equal(["libLLVM-does-not-exist.so.19"], e.Tried);
    }
}
