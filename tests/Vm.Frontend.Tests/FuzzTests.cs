using Vm.Frontend.Cfg;
using Vm.Frontend.Disassembly;
using Vm.Frontend.Reading;
using Vm.Frontend.Verification;
using Vm.TestSupport;

namespace Vm.Frontend.Tests;

/// <summary>
/// Truncated and byte-flipped versions of real compiled programs: the reader must return a module
/// or a <see cref="BytecodeFormatException"/>, never crash, hang or throw anything else; a module it
/// returns must disassemble, and its functions must build CFGs or fail verification cleanly.
/// </summary>
public class FuzzTests
{
    private static readonly TimeSpan PerVariantLimit = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Programs() => new("IntArith", "Exceptions", "PatternMatching", "StringMapTest");

    [Theory]
    [MemberData(nameof(Programs))]
    public void Truncated_programs_are_rejected_cleanly(string program)
    {
        var data = File.ReadAllBytes(HaxeCompiler.Compile(RepoPaths.Conformance, program));
        var lengths = Enumerable.Range(0, 40).Concat(Enumerable.Range(1, 60).Select(i => (int)((long)data.Length * i / 61))).Distinct();
        foreach (var length in lengths)
        {
            var outcome = Attempt(data[..length]);
            Assert.True(outcome is Outcome.Rejected, $"{program} truncated to {length} bytes: {outcome}");
        }
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Byte_flipped_programs_read_or_fail_cleanly(string program)
    {
        var original = File.ReadAllBytes(HaxeCompiler.Compile(RepoPaths.Conformance, program));
        var random = new Random(program.GetHashCode(StringComparison.Ordinal) & 0x7FFF ^ 1234);
        var counts = new Dictionary<Outcome, int>();
        for (var variant = 0; variant < 150; variant++)
        {
            var data = (byte[])original.Clone();
            var flips = 1 + variant % 4;
            var positions = new List<int>();
            for (var k = 0; k < flips; k++)
            {
                // Half the flips land in the first 2 KB, where counts, pools and types live.
                var pos = variant % 2 == 0 ? random.Next(Math.Min(2048, data.Length)) : random.Next(data.Length);
                data[pos] = (k % 2 == 0) ? (byte)random.Next(256) : (byte)(data[pos] ^ (1 << random.Next(8)));
                positions.Add(pos);
            }
            var outcome = Attempt(data);
            Assert.True(outcome is not Outcome.Failed, $"{program} variant {variant} (bytes {string.Join(",", positions)}): {outcome}");
            counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
        }
        Assert.True(counts.GetValueOrDefault(Outcome.Rejected) > 0, "no variant was rejected: the mutations are not reaching the reader");
    }

    private enum Outcome { Read, Rejected, Failed }

    private static Outcome Attempt(byte[] data)
    {
        Exception? failure = null;
        var result = Outcome.Failed;
        var task = Task.Run(() =>
        {
            try
            {
                var module = BytecodeReader.Read(data);
                new Disassembler(module).WriteModule(TextWriter.Null);
                foreach (var f in module.Functions)
                {
                    try { CfgBuilder.Build(f); }
                    catch (BytecodeVerificationException) { }
                }
                result = Outcome.Read;
            }
            catch (BytecodeFormatException)
            {
                result = Outcome.Rejected;
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        if (!task.Wait(PerVariantLimit))
            throw new Xunit.Sdk.XunitException($"reading did not finish within {PerVariantLimit.TotalSeconds} s (hang)");
        if (failure is not null)
            throw new Xunit.Sdk.XunitException("unexpected exception: " + failure);
        return result;
    }
}
