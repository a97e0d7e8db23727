using Vm.Runtime.Natives;

namespace Vm.Runtime;

/// <summary>How a runtime is set up: streams, program arguments, native libraries.</summary>
public sealed class RuntimeOptions
{
    /// <summary>Standard output of the program; defaults to the process's stdout.</summary>
    public Stream StandardOutput { get; init; } = Console.OpenStandardOutput();

    /// <summary>Arguments the program sees through Sys.args().</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The .hl file being run, as given on the command line (sys_hl_file, Sys.programPath); null when not from a file.</summary>
    public string? ModulePath { get; init; }

    /// <summary>Collect at every safepoint where something was allocated and verify the heap after each collection.</summary>
    public bool GcStress { get; init; }

    /// <summary>Sizes and policies of the garbage collector.</summary>
    public Gc.GcOptions Gc { get; init; } = new();

    /// <summary>Native functions available to the module; the std library by default.</summary>
    public NativeRegistry Natives { get; init; } = NativeRegistry.CreateDefault();
}
