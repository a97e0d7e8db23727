namespace Vm.TestSupport;

/// <summary>
/// Keeps one compiled program from running twice at once, across threads and across test processes
/// (the test projects run in parallel): corpus programs use fixed paths, e.g. FileIO works in
/// /tmp/hl_conformance_fileio, and would race with themselves.
/// </summary>
public static class ProgramLock
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lock> Local = new();

    /// <summary>Holds the lock of the program named <paramref name="program"/> until the result is disposed.</summary>
    public static IDisposable Acquire(string program)
    {
        var local = Local.GetOrAdd(program, _ => new Lock());
        local.Enter();
        try
        {
            var path = Path.Combine(Path.GetTempPath(), $"vm-tests-{program}.lock");
            while (true)
            {
                try
                {
                    // An exclusive open is the cross-process lock; the OS drops it if the process dies.
                    return new Held(local, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException)
                {
                    Thread.Sleep(20);
                }
            }
        }
        catch
        {
            local.Exit();
            throw;
        }
    }

    private sealed class Held(Lock local, FileStream file) : IDisposable
    {
        public void Dispose()
        {
            file.Dispose();
            local.Exit();
        }
    }
}
