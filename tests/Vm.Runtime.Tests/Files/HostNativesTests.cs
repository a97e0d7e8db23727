using System.Diagnostics;
using System.Text;
using Vm.Frontend.Reading;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;
using Vm.TestSupport;
using static Vm.Runtime.Tests.Files.FileTestSupport;

namespace Vm.Runtime.Tests.Files;

/// <summary>sys_command, sys_env, sys_hl_file...: hl's sys.c on Linux, with the launcher's hooks not set up.</summary>
public unsafe class HostNativesTests
{
    /// <summary>A stream that records flushes, to see what sys_command flushes before the child runs.</summary>
    private sealed class FlushCounter : MemoryStream
    {
        public int Flushes;

        public override void Flush()
        {
            Flushes++;
            base.Flush();
        }
    }

    [Fact]
    public void Command_runs_the_shell_and_encodes_the_status()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var output = new FlushCounter();
        using var f = new RuntimeFixture(output);
        using var dir = new TempDir();
        var command = (delegate* unmanaged<nint, int>)f.Native("std", "sys_command");
        Assert.Equal(0, command(Utf8($"echo 'h\u00e9' > '{dir["out.txt"]}'")));
        Assert.Equal("h\u00e9\n", File.ReadAllText(dir["out.txt"]));
        Assert.True(output.Flushes > 0);
        Assert.Equal(3, command(Utf8("exit 3")));
        Assert.Equal(127, command(Utf8("surely-not-a-command-12345 2>/dev/null")));
        Assert.Equal(9 << 8, command(Utf8("kill -9 $$"))); // WTERMSIG << 8
        Assert.Equal(1 << 8, command(0)); // system(NULL) answers 1 when a shell exists, then hl's macros apply
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Env_is_the_c_environment_as_name_value_pairs()
    {
        using var f = new RuntimeFixture();
        var putEnv = (delegate* unmanaged<nint, nint, byte>)f.Native("std", "sys_put_env");
        Assert.Equal(1, putEnv(Utf8("VM_FILES_TESTS_ENV"), Utf8("a=b \u20ac")));
        var a = ((delegate* unmanaged<nint>)f.Native("std", "sys_env"))();
        var n = HlArrays.Length(a);
        Assert.Equal(0, n % 2);
        var items = Enumerable.Range(0, n).Select(i => ReadUtf8Z(((nint*)HlArrays.Data(a))[i])).ToArray();
        var env = new Dictionary<string, string>();
        for (var i = 0; i < n; i += 2)
            env[items[i]] = items[i + 1];
        Assert.Equal("a=b \u20ac", env["VM_FILES_TESTS_ENV"]); // split at the first '='
        if (Environment.GetEnvironmentVariable("PATH") is { } path)
            Assert.Equal(path, env["PATH"]);
        putEnv(Utf8("VM_FILES_TESTS_ENV"), 0);
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Hl_file_is_the_module_path_as_given()
    {
        using (var f = new RuntimeFixture())
            Assert.Equal(0, ((delegate* unmanaged<nint>)f.Native("std", "sys_hl_file"))());

        var path = HaxeCompiler.CompileText("HlFileProgram", "class HlFileProgram { static function main() {} }");
        using var rt = new VmRuntime(BytecodeReader.ReadFile(path), new RuntimeOptions { StandardOutput = new MemoryStream(), ModulePath = "some/dir/Pr\u00f6gram.hl" });
        using var thread = new VmThread(rt);
        using var scope = thread.Enter();
        var hlFile = rt.Options.Natives.Find("std", "sys_hl_file")!.Address;
        Assert.Equal("some/dir/Pr\u00f6gram.hl", ReadUtf8Z(((delegate* unmanaged<nint>)hlFile)()));
    }

    [Fact]
    public void Exe_path_is_an_existing_file()
    {
        using var f = new RuntimeFixture();
        var p = ((delegate* unmanaged<nint>)f.Native("std", "sys_exe_path"))();
        Assert.NotEqual(0, p);
        var path = ReadUtf8Z(p);
        Assert.True(Path.IsPathRooted(path));
        Assert.True(File.Exists(path), path);
    }

    [Fact]
    public void Locales()
    {
        using var f = new RuntimeFixture();
        var locale = ((delegate* unmanaged<nint>)f.Native("std", "sys_locale"))();
        var lang = Environment.GetEnvironmentVariable("LANG");
        Assert.Equal(lang, locale == 0 ? null : ReadUtf8Z(locale));

        var setTimeLocale = (delegate* unmanaged<nint, byte>)f.Native("std", "sys_set_time_locale");
        Assert.Equal(1, setTimeLocale(Utf8("C")));
        Assert.Equal(1, setTimeLocale(Utf8("POSIX")));
        Assert.Equal(0, setTimeLocale(Utf8("xx_NOWHERE.bogus")));
        Assert.Equal(0, setTimeLocale(0));
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Launcher_hooks_are_not_set_up()
    {
        using var f = new RuntimeFixture();
        Assert.Equal(0, ((delegate* unmanaged<nint, byte>)f.Native("std", "sys_check_reload"))(0));
        Assert.Equal(0, ((delegate* unmanaged<nint, byte>)f.Native("std", "sys_check_reload"))(Utf8("alt.hl")));
        Assert.Equal(0, ((delegate* unmanaged<byte>)f.Native("std", "sys_has_debugger"))());
        ((delegate* unmanaged<int, nint, int, void>)f.Native("std", "sys_profile_event"))(1, 0, 0);
        ((delegate* unmanaged<void>)f.Native("std", "sys_vtune_init"))();
        Assert.Equal(3, ((delegate* unmanaged<int, int>)f.Native("std", "sys_set_flags"))(3));
        Assert.Equal(2, ((delegate* unmanaged<int, int>)f.Native("std", "sys_set_flags"))(2));
        Assert.Null(f.TakePendingError());
        ((delegate* unmanaged<nint, nint>)f.Native("std", "sys_special"))(Utf8("anything"));
        Assert.Equal("Unknown sys_special key", f.TakePendingError());
    }

    [Fact]
    public void Process_clocks_and_ids()
    {
        using var f = new RuntimeFixture();
        Assert.Equal(Environment.ProcessId, ((delegate* unmanaged<int>)f.Native("std", "sys_getpid"))());
        if (OperatingSystem.IsLinux())
            Assert.Equal(0.0, ((delegate* unmanaged<double>)f.Native("std", "sys_process_memory"))());

        var stamp = (delegate* unmanaged<long>)f.Native("std", "sys_timestamp_ms");
        var t0 = stamp();
        var expected = Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency; // CLOCK_MONOTONIC on Linux
        Assert.InRange(t0, expected - 1000, expected + 1000);
        Thread.Sleep(30);
        Assert.InRange(stamp() - t0, 25, 5000);

        var cpu = (delegate* unmanaged<double>)f.Native("std", "sys_thread_cpu_time");
        var c0 = cpu();
        var x = 0L;
        for (var i = 0; i < 30_000_000; i++)
            x += i ^ (x >> 3);
        Assert.True(x != 0);
        if (OperatingSystem.IsLinux())
            Assert.True(cpu() > c0 && c0 > 0);
    }
}
