using System.Globalization;

namespace Vm.Jit.Llvm;

/// <summary>
/// Linux perf's map of JIT code (/tmp/perf-PID.map: "start size name" per line), so profiles name HL
/// functions instead of raw addresses. On when VM_PERF_MAP=1 or when .NET writes its own map
/// (DOTNET_PerfMapEnabled), whose file this one appends to.
/// </summary>
internal static class PerfMap
{
    private static readonly Lock Lock = new();
    private static StreamWriter? _writer;

    public static bool Enabled { get; } =
        Environment.GetEnvironmentVariable("VM_PERF_MAP") == "1" || Environment.GetEnvironmentVariable("DOTNET_PerfMapEnabled") is "1" or "3";

    public static void Add(nint start, long size, string name)
    {
        lock (Lock)
        {
            try
            {
                _writer ??= new StreamWriter(new FileStream($"/tmp/perf-{Environment.ProcessId}.map", FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
                _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{start:x} {size:x} {name}"));
            }
            catch (IOException)
            {
                // A profiling aid: a map that cannot be written leaves addresses unnamed, nothing more.
            }
        }
    }
}
