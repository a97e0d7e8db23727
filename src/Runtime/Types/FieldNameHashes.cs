namespace Vm.Runtime.Types;

/// <summary>
/// Field-name hashes for dynamic field access, with HashLink's values: the hash is computed
/// over UTF-16 code units (h = 223*h + c, wrapping, then signed remainder by 0x1FFFFF7B), and
/// when two different names collide the later one takes the next free value, so within one
/// runtime each name has exactly one hash and each hash one name.
/// </summary>
public sealed class FieldNameHashes
{
    private const int Modulus = 0x1FFFFF7B;
    private readonly Dictionary<int, string> _names = [];
    private readonly Dictionary<string, int> _hashes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The raw hash of a name, without collision handling.</summary>
    public static int RawHash(ReadOnlySpan<char> name)
    {
        var h = 0;
        foreach (var c in name)
            h = unchecked(223 * h + c);
        return h % Modulus;
    }

    /// <summary>The hash of a name in this runtime, registering the name on first use.</summary>
    public int Hash(string name)
    {
        lock (_lock)
        {
            if (_hashes.TryGetValue(name, out var known))
                return known;
            var h = RawHash(name);
            while (_names.ContainsKey(h))
                h++;
            _names.Add(h, name);
            _hashes.Add(name, h);
            return h;
        }
    }

    /// <summary>The name registered for a hash, or null.</summary>
    public string? NameOf(int hash)
    {
        lock (_lock)
            return _names.GetValueOrDefault(hash);
    }
}
