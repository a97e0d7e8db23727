using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace Vm.TestSupport;

/// <summary>
/// Approve-file snapshots: compares text with Snapshots/NAME.approved.txt next to the calling test file.
/// On a difference (or a missing file) it writes NAME.received.txt and fails with a diff;
/// VM_ACCEPT_SNAPSHOTS=1 approves the received text instead.
/// </summary>
public static class Snapshot
{
    public static void Match(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var approved = Path.Combine(dir, name + ".approved.txt");
        var received = Path.Combine(dir, name + ".received.txt");
        actual = actual.Replace("\r\n", "\n");
        var expected = File.Exists(approved) ? File.ReadAllText(approved).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(received))
                File.Delete(received);
            return;
        }
        Directory.CreateDirectory(dir);
        if (Environment.GetEnvironmentVariable("VM_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(approved, actual);
            return;
        }
        File.WriteAllText(received, actual);
        throw new XunitException(expected is null
            ? $"No approved snapshot {approved}; received text written to {received} (VM_ACCEPT_SNAPSHOTS=1 approves it)."
            : $"Snapshot {name} differs (received text in {received}):\n{TextDiff.Unified(expected, actual)}");
    }
}
