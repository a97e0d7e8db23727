namespace Vm.TestSupport;

/// <summary>Where the repository, the shared corpus and the scratch folder are.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootDir = new(FindRoot);

    /// <summary>The repository root (the folder holding Vm.sln).</summary>
    public static string Root => RootDir.Value;

    /// <summary>The shared inputs (conformance corpus, benchmarks): VM_SHARED_DIR, else ../shared next to the repository.</summary>
    public static string Shared
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("VM_SHARED_DIR") is { Length: > 0 } set
                ? set
                : Path.GetFullPath(Path.Combine(Root, "..", "shared"));
            if (!Directory.Exists(Path.Combine(dir, "conformance")))
                throw new DirectoryNotFoundException($"shared corpus not found at {dir} (expected next to the repository, or set VM_SHARED_DIR)");
            return dir;
        }
    }

    public static string Conformance => Path.Combine(Shared, "conformance");

    public static string Bench => Path.Combine(Shared, "bench");

    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>A per-user scratch folder for compiled programs, kept between runs as a cache.</summary>
    public static string Scratch
    {
        get
        {
            var dir = Path.Combine(Path.GetTempPath(), "vm-tests-" + Environment.UserName);
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vm.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Vm.sln not found above " + AppContext.BaseDirectory);
    }
}
