using System.Diagnostics;
using System.Text;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.Runtime.Natives.Std;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;
using Vm.TestSupport;

namespace Vm.Runtime.Tests.Natives;

/// <summary>sys_*: what hl does on Linux (SysTest.hx / SysTest.out, hl's sys.c).</summary>
public unsafe class SysNativesTests
{
    [Fact]
    public void Print_writes_utf8_and_flushes()
    {
        var output = new MemoryStream();
        using var f = new RuntimeFixture(output);
        var print = (delegate* unmanaged<nint, void>)f.Native("std", "sys_print");
        print(f.Runtime.Strings.AllocUtf16("print without newline;"));
        print(f.Runtime.Strings.AllocUtf16(" h\u00e9llo \u20ac \U0001F600\n"));
        // A lone low surrogate takes the next unit as its partner, as hl's UTF-8 conversion does.
        print(f.Runtime.Strings.AllocUtf16("\ude00a|"));
        Assert.Equal("print without newline; h\u00e9llo \u20ac \U0001F600\n", Encoding.UTF8.GetString(output.ToArray()[..^5]));
        Assert.Equal(new byte[] { 0xF0, 0x82, 0x91, 0xA1, (byte)'|' }, output.ToArray()[^5..]);
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Platform_answers()
    {
        using var f = new RuntimeFixture();
        Assert.Equal(1, ((delegate* unmanaged<byte>)f.Native("std", "sys_is64"))());
        Assert.Equal(1, ((delegate* unmanaged<byte>)f.Native("std", "sys_utf8_path"))());
        var name = HlStrings.ReadUtf16Z(((delegate* unmanaged<nint>)f.Native("std", "sys_string"))());
        if (OperatingSystem.IsLinux())
            Assert.Equal("Linux", name); // SysTest.out: systemName Linux
    }

    [Fact]
    public void Time_and_cpu_time()
    {
        using var f = new RuntimeFixture();
        var time = ((delegate* unmanaged<double>)f.Native("std", "sys_time"))();
        Assert.InRange(time, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 - 5, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 + 5);
        var cpu = (delegate* unmanaged<double>)f.Native("std", "sys_cpu_time");
        var c0 = cpu();
        var x = 0L;
        for (var i = 0; i < 20_000_000; i++)
            x += i ^ (x >> 3);
        Assert.True(x != 0);
        var c1 = cpu();
        Assert.True(c1 >= c0 && c0 >= 0);
        Assert.Equal(Math.Round(c1 * 100), c1 * 100, 6); // clock ticks of 1/100 s
    }

    [Theory]
    [InlineData(0.01, 0L, 10_000_000L)]
    [InlineData(1.5, 1L, 500_000_000L)]
    [InlineData(-0.5, null, null)]
    [InlineData(double.NaN, null, null)]
    [InlineData(3e9, null, null)]
    public void Sleep_request_is_hls_timespec(double seconds, long? sec, long? nsec)
    {
        var r = SysNatives.SleepRequest(seconds);
        Assert.Equal(sec, r?.Seconds);
        Assert.Equal(nsec, r?.Nanoseconds);
    }

    [Fact]
    public void Sleep_blocks_for_the_time_asked()
    {
        using var f = new RuntimeFixture();
        var sleep = (delegate* unmanaged<double, void>)f.Native("std", "sys_sleep");
        var sw = Stopwatch.StartNew();
        sleep(0.05);
        Assert.True(sw.Elapsed.TotalMilliseconds >= 45, $"slept {sw.Elapsed.TotalMilliseconds} ms");
        sw.Restart();
        sleep(-1);
        Assert.True(sw.Elapsed.TotalMilliseconds < 1000);
    }

    [Fact]
    public void Environment_in_utf8()
    {
        using var f = new RuntimeFixture();
        var getEnv = (delegate* unmanaged<nint, nint>)f.Native("std", "sys_get_env");
        var putEnv = (delegate* unmanaged<nint, nint, byte>)f.Native("std", "sys_put_env");
        nint Utf8(string s) => (nint)f.Runtime.Heap.Allocate(Encoding.UTF8.GetByteCount(s) + 1, Memory.BlockLayout.NoPointers) is var p
            && Encoding.UTF8.GetBytes(s, new Span<byte>((void*)p, Encoding.UTF8.GetByteCount(s))) >= 0 ? p : 0;
        var name = Utf8("VM_RUNTIME_TESTS_\u00c9_VAR");
        Assert.Equal(0, getEnv(Utf8("CONFORMANCE_SURELY_UNSET_VARIABLE_12345")));
        Assert.Equal(1, putEnv(name, Utf8("value=1 \u20ac")));
        Assert.Equal("value=1 \u20ac", HlStrings.ReadUtf8Z(getEnv(name)));
        Assert.Equal("value=1 \u20ac", Environment.GetEnvironmentVariable("VM_RUNTIME_TESTS_\u00c9_VAR"));
        Assert.Equal(1, putEnv(name, 0));
        Assert.Equal(0, getEnv(name));
        Assert.Equal(0, putEnv(Utf8("A=B"), Utf8("x")));
        Assert.Equal(0, putEnv(Utf8(""), Utf8("x")));
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void Cwd_ends_with_a_slash()
    {
        using var f = new RuntimeFixture();
        var cwd = HlStrings.ReadUtf8Z(((delegate* unmanaged<nint>)f.Native("std", "sys_get_cwd"))());
        Assert.EndsWith("/", cwd);
        Assert.Equal(Directory.GetCurrentDirectory().TrimEnd('/') + "/", cwd);
        Assert.Equal("/", Encoding.UTF8.GetString(SysNatives.CwdBytes("/")!));
        // getcwd into 256 bytes: 255 characters fit (hl then appends the '/' past them), 256 do not.
        Assert.Equal(256, SysNatives.CwdBytes("/" + new string('a', 254))!.Length);
        Assert.Null(SysNatives.CwdBytes("/" + new string('a', 255)));
    }

    [Fact]
    public void Args_are_an_array_of_utf8_bytes()
    {
        using (var f = new RuntimeFixture())
        {
            var empty = ((delegate* unmanaged<nint>)f.Native("std", "sys_args"))();
            Assert.Equal(0, HlArrays.Length(empty)); // SysTest.out: args length 0
        }
        var path = HaxeCompiler.CompileText("SysArgsProgram", "class SysArgsProgram { static function main() { Sys.println(Sys.args()); } }");
        using var rt = new VmRuntime(BytecodeReader.ReadFile(path), new RuntimeOptions { Arguments = ["one", "d\u00e9j\u00e0 vu"], StandardOutput = new MemoryStream() });
        using var thread = new VmThread(rt);
        using var scope = thread.Enter();
        var args = ((delegate* unmanaged<nint>)rt.Options.Natives.Find("std", "sys_args")!.Address)();
        Assert.Equal(2, HlArrays.Length(args));
        Assert.Equal(rt.Types.Builtin(TypeKind.Bytes).Native, HlArrays.ElementType(args));
        var data = (nint*)HlArrays.Data(args);
        Assert.Equal("one", HlStrings.ReadUtf8Z(data[0]));
        Assert.Equal("d\u00e9j\u00e0 vu", HlStrings.ReadUtf8Z(data[1]));
    }
}
