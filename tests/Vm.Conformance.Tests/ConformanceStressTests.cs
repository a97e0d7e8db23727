using Vm.Jit.Engine;
using Vm.TestSupport;

namespace Vm.Conformance.Tests;

/// <summary>
/// The corpus under GC stress: every safepoint stops and verifies each reference of every HL frame
/// (decoded from the stack maps); the output must still be exactly hl's. A bad reference ends the
/// process with a fatal "heap verification failed" error.
/// </summary>
public class ConformanceStressTests
{
    [Theory]
    [MemberData(nameof(ConformanceTests.ExpectedRuns), MemberType = typeof(ConformanceTests))]
    public void Program_passes_with_references_verified_at_every_safepoint(string program, ExecutionMode mode) =>
        ConformanceTests.Check(program, mode, ProgramRunner.RunStressed(RepoPaths.Conformance, program, mode));
}
