using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vm.Runtime.Natives.Std;

/// <summary>
/// hl's random generator (behind Std.random and Math.random): TT800, a 25-word twisted GFSR with
/// tempering. hl keeps the 25 seeds in C "unsigned long", 64 bits on Linux x86-64: a negative seed
/// is sign-extended into the upper halves and the shift of the twist carries bit 32 down, so the
/// state is kept in 64-bit words here too; only the low 32 bits of a word are ever output.
/// </summary>
public static unsafe class HlRandom
{
    public const int Words = 25;
    private const int Shift = 7;

    /// <summary>State size in bytes: 25 seed words and the position word.</summary>
    public const int StateSize = (Words + 1) * 8;

    private const ulong Twist = 0x8ebfd028;

    private static readonly ulong[] InitialSeeds =
    [
        0x95f24dab, 0x0b685215, 0xe76ccae7, 0xaf3ec239, 0x715fad23, 0x24a590ad, 0x69e4b5ef,
        0xbf456141, 0x96bc1b7b, 0xa7bdf825, 0xc1de75b7, 0x8858a9c9, 0x2da87693, 0xb657f9dd,
        0xffdc8a9f, 0x8121da71, 0x8b823ecb, 0x885d05f5, 0x4e20cd47, 0x5a9ad5d9, 0x512c0c03,
        0xea857ccd, 0x4cc1d30f, 0x8891a8a1, 0xa6b7aadb,
    ];

    public static void SetSeed(ulong* state, int seed)
    {
        var extended = (ulong)(long)seed;
        for (var i = 0; i < Words; i++)
            state[i] = InitialSeeds[i] ^ extended;
        state[Words] = 0;
    }

    public static uint NextInt(ulong* state)
    {
        var pos = (long)state[Words]++;
        if (pos >= Words)
        {
            int k;
            for (k = 0; k < Words - Shift; k++)
                state[k] = state[k + Shift] ^ (state[k] >> 1) ^ ((state[k] & 1) != 0 ? Twist : 0);
            for (; k < Words; k++)
                state[k] = state[k + Shift - Words] ^ (state[k] >> 1) ^ ((state[k] & 1) != 0 ? Twist : 0);
            state[Words] = 1;
            pos = 0;
        }
        var y = (uint)state[pos];
        y ^= (y << 7) & 0x2b5b2500;
        y ^= (y << 15) & 0xdb8b0000;
        y ^= y >> 16;
        return y;
    }

    /// <summary>A float in [0, 1) from three draws, in hl's order (the last draw is the most significant).</summary>
    public static double NextFloat(ulong* state)
    {
        const double big = 4294967296.0;
        var a = NextInt(state);
        var b = NextInt(state);
        var c = NextInt(state);
        return ((a / big + b) / big + c) / big;
    }

    /// <summary>hl's system seed: microseconds of the wall clock (truncated to 32 bits) mixed with the process id.</summary>
    public static int SystemSeed()
    {
        var micros = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        var time = unchecked((uint)micros);
        var pid = Environment.ProcessId;
        return unchecked((int)(time ^ (uint)(pid | (pid << 16))));
    }
}

/// <summary>The rnd_* natives; a generator is an abstract hl_random handle to <see cref="HlRandom.StateSize"/> bytes.</summary>
public static unsafe class RandomNatives
{
    [HlNative("std", "rnd_alloc"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint Alloc() => StdMemory.Alloc(HlRandom.StateSize);

    [HlNative("std", "rnd_init_system"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint InitSystem()
    {
        var r = StdMemory.Alloc(HlRandom.StateSize);
        if (r != 0)
            HlRandom.SetSeed((ulong*)r, HlRandom.SystemSeed());
        return r;
    }

    [HlNative("std", "rnd_set_seed"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void SetSeed(nint r, int seed)
    {
        if (r != 0)
            HlRandom.SetSeed((ulong*)r, seed);
        else
            HlErrors.NullAccess();
    }

    [HlNative("std", "rnd_int"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Int(nint r)
    {
        if (r != 0)
            return unchecked((int)HlRandom.NextInt((ulong*)r));
        HlErrors.NullAccess();
        return 0;
    }

    [HlNative("std", "rnd_float"), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static double Float(nint r)
    {
        if (r != 0)
            return HlRandom.NextFloat((ulong*)r);
        HlErrors.NullAccess();
        return 0;
    }
}
