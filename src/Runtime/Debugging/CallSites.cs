using Vm.Frontend.Model;

namespace Vm.Runtime.Debugging;

/// <summary>
/// Return addresses of compiled call sites, each mapped to the HL instruction that made the call
/// (from LLVM's stack maps). A site id is function index &lt;&lt; 32 | instruction index.
/// </summary>
public sealed class CallSites
{
    /// <summary>The id of an entry trampoline's call: the stack walk crosses into C# there. (Positive: LLVM reads ids as unsigned.)</summary>
    public const long Transition = 0x7FFF_FFFF_FFFF_FFFE;

    private readonly Dictionary<nint, long> _sites = [];
    private readonly Lock _lock = new();

    public static long SiteId(int functionIndex, int instruction) => ((long)functionIndex << 32) | (uint)instruction;

    public static (int FunctionIndex, int Instruction) Decode(long site) => ((int)(site >> 32), (int)site);

    /// <summary>Records a call site; ids that are not ours (LLVM's default id for calls without one) are ignored.</summary>
    public void Add(nint returnAddress, long site)
    {
        if (site != Transition && (site < 0 || (int)site < 0))
            return;
        lock (_lock)
            _sites[returnAddress] = site;
    }

    public bool TryGet(nint returnAddress, out long site)
    {
        lock (_lock)
            return _sites.TryGetValue(returnAddress, out site);
    }

    public int Count
    {
        get
        {
            lock (_lock)
                return _sites.Count;
        }
    }

    /// <summary>HashLink's text for a frame: "Class.method(File.hx:line)" (or "fun$N(...)").</summary>
    public static string Describe(HlModule module, long site)
    {
        var (findex, pc) = Decode(site);
        var f = module.FunctionAt(findex);
        if (f is null)
            return $"fun${findex}(?:0)";
        var position = f.Positions is { } ps && pc >= 0 && pc < ps.Count ? ps[pc] : DebugPosition.None;
        var file = position.FileIndex >= 0 && position.FileIndex < module.DebugFiles.Count ? module.DebugFiles[position.FileIndex] : "?";
        return $"{f.Name}({file}:{position.Line})";
    }
}
