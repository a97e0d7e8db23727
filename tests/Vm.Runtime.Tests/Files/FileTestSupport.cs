using System.Runtime.InteropServices;
using System.Text;
using Vm.Runtime.Natives.Std;

namespace Vm.Runtime.Tests.Files;

/// <summary>A fresh directory under the system's temporary folder, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vm-files-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static unsafe class FileTestSupport
{
    /// <summary>A zero-terminated UTF-8 copy on the runtime heap, as Haxe passes paths (utf16ToUtf8).</summary>
    public static nint Utf8(string s) => StdMemory.BytesZ(Encoding.UTF8.GetBytes(s));

    /// <summary>A heap buffer holding <paramref name="bytes"/> (hl.Bytes).</summary>
    public static nint Buffer(params byte[] bytes) => StdMemory.BytesZ(bytes);

    public static byte[] Read(nint p, int length) => new ReadOnlySpan<byte>((void*)p, length).ToArray();

    public static string ReadUtf8Z(nint p) => Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)p));
}
