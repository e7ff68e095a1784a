namespace SupplyShock.Core.Sampling;

using System.Runtime.CompilerServices;
using System.Text;

/// <summary>
/// Counter-based random numbers (MODEL.md section 7): a uniform depends only on (seed, key, trial, stream), never on
/// the thread, the batch, the policy or what else the scenario holds. Each value is a strong 64-bit mix of its
/// coordinates (SplitMix64's finaliser, applied twice), so any trial can be drawn first, in any order, on any core.
/// </summary>
public static class KeyedRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private const ulong StreamStep = 0xD1B54A32D192ED03;

    /// <summary>The stream of <paramref name="key"/> under <paramref name="seed"/>: hash once, draw many.</summary>
    public static ulong StreamKey(long seed, string key) => Mix(Mix((ulong)seed ^ Golden) ^ Hash(key));

    /// <summary>The key of the licence uniform W of a supply edge (MODEL.md section 4).</summary>
    public static string LicenceKey(string supplierId, string componentId) => $"licence/{supplierId}/{componentId}";

    /// <summary>A uniform in (0, 1), never 0 or 1, for trial <paramref name="trial"/> of a stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Uniform(ulong streamKey, long trial, uint stream = 0)
    {
        var bits = Bits(streamKey, trial, stream);
        return ((bits >> 11) + 0.5) * (1.0 / (1UL << 53));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(ulong streamKey, long trial, uint stream = 0) =>
        Mix(streamKey ^ Mix(((ulong)trial * Golden) + ((ulong)stream * StreamStep) + StreamStep));

    /// <summary>SplitMix64's finaliser: a bijection of 64-bit words with full avalanche.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>FNV-1a over UTF-8, then mixed: stable across runs, machines and .NET versions (unlike string.GetHashCode).</summary>
    public static ulong Hash(string key)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }
        return Mix(hash);
    }
}

/// <summary>
/// A keyed random permutation of 0..n-1 evaluated one point at a time (a Feistel network with cycle walking),
/// so Latin hypercube strata need no memory that grows with the number of trials.
/// </summary>
public readonly struct KeyedPermutation
{
    private const int Rounds = 6;
    private readonly ulong key;
    private readonly long n;
    private readonly int halfBits;
    private readonly ulong halfMask;

    public KeyedPermutation(ulong streamKey, long n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        key = streamKey;
        this.n = n;
        var bits = 2;
        while ((1L << bits) < n)
        {
            bits++;
        }
        halfBits = (bits + 1) / 2;
        halfMask = (1UL << halfBits) - 1;
    }

    public long this[long index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, n);
            // The Feistel network permutes [0, 4^halfBits); stepping until the value falls below n permutes [0, n).
            var x = (ulong)index;
            do
            {
                x = Encrypt(x);
            }
            while (x >= (ulong)n);
            return (long)x;
        }
    }

    private ulong Encrypt(ulong x)
    {
        var left = x >> halfBits;
        var right = x & halfMask;
        for (uint round = 0; round < Rounds; round++)
        {
            var f = KeyedRandom.Bits(key, (long)right, round + 1) & halfMask;
            (left, right) = (right, left ^ f);
        }
        return (left << halfBits) | right;
    }
}
