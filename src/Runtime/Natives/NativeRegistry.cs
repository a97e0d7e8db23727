using System.Reflection;
using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives;

/// <summary>A native implementation: its entry point and, when known, the C# method (to check signatures).</summary>
public sealed record NativeImplementation(string Library, string Name, nint Address, MethodInfo? Method)
{
    /// <summary>See <see cref="HlNativeAttribute.CallbacksMayMoveObjects"/>.</summary>
    public bool CallbacksMayMoveObjects => Method?.GetCustomAttribute<HlNativeAttribute>()?.CallbacksMayMoveObjects == true;
}

/// <summary>
/// Native functions by (library, name). The default registry holds the std library of this
/// runtime; a host adds its own with <see cref="Register(Type)"/> or <see cref="Register(string, string, nint)"/>.
/// </summary>
public sealed class NativeRegistry
{
    private readonly Dictionary<(string, string), NativeImplementation> _entries = [];

    /// <summary>A registry with every native this runtime implements.</summary>
    public static NativeRegistry CreateDefault()
    {
        var r = new NativeRegistry();
        foreach (var type in typeof(NativeRegistry).Assembly.GetTypes())
            r.Register(type);
        return r;
    }

    /// <summary>Registers every [HlNative] method of a type.</summary>
    public void Register(Type type)
    {
        foreach (var m in type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
        {
            foreach (var attr in m.GetCustomAttributes<HlNativeAttribute>())
            {
                if (m.GetCustomAttribute<UnmanagedCallersOnlyAttribute>() is null)
                    throw new InvalidOperationException($"native {attr.Library}.{attr.Name} ({type.Name}.{m.Name}) must be [UnmanagedCallersOnly]");
                _entries[(attr.Library, attr.Name)] = new NativeImplementation(attr.Library, attr.Name, m.MethodHandle.GetFunctionPointer(), m);
            }
        }
    }

    /// <summary>Registers a native by address (a C function, or a function pointer from elsewhere).</summary>
    public void Register(string library, string name, nint address) =>
        _entries[(library, name)] = new NativeImplementation(library, name, address, null);

    public NativeImplementation? Find(string library, string name) => _entries.GetValueOrDefault((library, name));

    public IEnumerable<NativeImplementation> All => _entries.Values;
}
