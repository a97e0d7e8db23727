using Vm.Frontend.Model;

namespace Vm.Runtime.Natives;

/// <summary>A module's native resolved against a registry: its address, or why it has none.</summary>
public sealed record BoundNative(HlNative Native, NativeImplementation? Implementation)
{
    public bool IsMissing => Implementation is null;
}

/// <summary>
/// Binds the natives a module declares. Declared signatures are checked against the C# methods at
/// load (a mismatch is a runtime bug, reported at once); a native with no implementation is bound
/// to an error raised when it is first called, so programs run as long as they do not call it.
/// </summary>
public sealed class NativeBinder
{
    private readonly BoundNative[] _bound;

    public NativeBinder(HlModule module, NativeRegistry registry)
    {
        _bound = new BoundNative[module.Natives.Count];
        foreach (var n in module.Natives)
        {
            var impl = registry.Find(n.Library, n.Name);
            if (impl?.Method is { } m)
                NativeSignatures.Check(n, m);
            _bound[n.Index] = new BoundNative(n, impl);
        }
    }

    public IReadOnlyList<BoundNative> All => _bound;

    public BoundNative this[HlNative native] => _bound[native.Index];

    public int MissingCount => _bound.Count(b => b.IsMissing);
}
