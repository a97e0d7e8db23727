using Vm.Jit;
using Vm.Jit.Engine;
using Vm.Runtime.Memory;
using Vm.TestSupport;
using Xunit.Abstractions;

namespace Vm.Runtime.Tests.HeapBlocks;

/// <summary>
/// Runs every conformance program in-process (as the conformance tests do: <see cref="VirtualMachine.Load(string, VmOptions?)"/>
/// then <see cref="VirtualMachine.Run"/>) and verifies the heap it leaves with <see cref="VirtualMachine.VerifyHeap"/>:
/// every block's header, every reference slot, and every other word (none may hold a block's address).
/// Nothing is collected yet, so every block ever allocated is checked, garbage included.
/// </summary>
public class CorpusHeapVerificationTests(ITestOutputHelper output)
{
    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Conformance, "*.hx").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void The_heap_a_corpus_program_leaves_verifies_clean(string program)
    {
        // The corpus was recorded with TZ=UTC and LC_ALL=C (as ProgramRunner sets them).
        Environment.SetEnvironmentVariable("TZ", "UTC");
        Environment.SetEnvironmentVariable("LC_ALL", "C");
        var path = HaxeCompiler.Compile(RepoPaths.Conformance, program);
        using var programLock = ProgramLock.Acquire(program);
        using var stdout = new MemoryStream();
        using var vm = VirtualMachine.Load(path, new VmOptions { Mode = ExecutionMode.Lazy, StandardOutput = stdout });
        vm.Run();
        var report = vm.VerifyHeap(hiddenReferences: true);
        output.WriteLine($"{program}: {report}");
        Assert.True(report.Blocks > 0);
        Assert.True(report.Count == 0, $"{report}\n" + string.Join("\n", report.Take(50)));
    }
}
