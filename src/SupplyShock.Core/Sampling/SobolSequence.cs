namespace SupplyShock.Core.Sampling;

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

/// <summary>How a <see cref="SobolSequence"/> randomises the Sobol' points, one independent randomisation per replicate.</summary>
public enum SobolScrambling
{
    /// <summary>
    /// Owen's nested uniform scrambling (Owen 1995), exact to 52 digits: every digit is flipped by a random bit that
    /// depends on all the digits above it. The default; see <see cref="SobolSequence"/> for why.
    /// </summary>
    Owen,

    /// <summary>
    /// Matousek's random linear scrambling (a random lower-triangular binary matrix with unit diagonal per dimension)
    /// plus a random digital shift: applied to the direction numbers once, so a coordinate costs what an unscrambled one does.
    /// </summary>
    Linear,
}

/// <summary>
/// Points of the scrambled Sobol' sequence for quasi-Monte Carlo (issue 10): coordinate (i, j) is a pure function of
/// (seed, replicate, i, j), evaluated directly for any i in any order (no state, no allocation, thread-safe), so a trial's
/// uniforms do not depend on threads or blocks and any prefix of a run is a valid sample.
/// <para>
/// Construction: Joe and Kuo's direction numbers (new-joe-kuo-6.21201, <see cref="TableDimensions"/> dimensions; see
/// Data/new-joe-kuo-6.21201.NOTICE.txt) as 32-bit direction integers v_k; point i of dimension j is the XOR of the v_k
/// over the set bits of the Gray code i ^ (i >> 1), which is the order Joe and Kuo's own generator emits (point i is the
/// i-th point of their sobol.cc). Each block of 2^m points starting at a multiple of 2^m is a digitally shifted
/// (t, m, s)-net, so every dimension's block puts exactly one point in each interval [k / 2^m, (k + 1) / 2^m). Indices run
/// 0..2^32 - 1 (<see cref="MaxPoints"/>).
/// </para>
/// <para>
/// Scrambling, <see cref="SobolScrambling.Owen"/> by default. Nested uniform scrambling keeps the net property, makes
/// every point uniform on (0,1)^s and the replicates' estimates independent and unbiased; its variance is at most a
/// constant (depending on t and s, not on n) times plain Monte Carlo's for every square-integrable integrand (Owen 1997,
/// SIAM J. Numer. Anal. 34), and O(n^-3 (log n)^(s-1)) for smooth ones (Owen 1997, Ann. Statist. 25), against n^-1.
/// Random linear scrambling with a digital shift has the same mean, keeps the net property and behaves alike on most
/// integrands, but it draws 32 random bits a column where Owen's draws one a node, and the worst-case guarantee is not
/// known to hold for it; it is offered because it is cheaper (scrambled once, in the direction integers). Owen
/// scrambling is implemented exactly, not by a hash that imitates the permutation tree: the flip of digit k is a keyed
/// random bit of (seed, replicate, dimension, the k - 1 digits above it). The 63 nodes of each 6-level subtree read
/// their bits from one 64-bit word, SplitMix64 of the dimension's key at a counter made of the subtree's root, so 32
/// digits cost 6 words; digits 33..52 of a 32-digit point are 0, a path the 32 digits determine, so their flips are one
/// more word, of the point's 32 digits.
/// </para>
/// <para>
/// Every coordinate is a 52-digit binary fraction plus half its last digit, (n + 0.5) 2^-52, exact in a double: in
/// [2^-53, 1 - 2^-53], never 0 or 1, so inverse CDFs stay finite. (With 53 digits, as <see cref="KeyedRandom.Uniform"/>
/// has, n + 0.5 is not representable for n &gt;= 2^52 and n = 2^53 - 1 rounds to exactly 1.)
/// </para>
/// <para>
/// Dimensions past the table (j &gt;= <see cref="TableDimensions"/>) are the keyed pseudo-random stream
/// <see cref="KeyedRandom.Bits"/> of (seed, replicate, dimension) at trial i, as 52 digits: plain Monte Carlo in those
/// coordinates, still a pure function of (seed, replicate, i, j) and independent across replicates, so error estimates
/// from replicates stay valid.
/// </para>
/// </summary>
public sealed class SobolSequence
{
    /// <summary>Dimensions with Sobol' points; later dimensions are keyed pseudo-random uniforms.</summary>
    public const int TableDimensions = SobolDirections.TableDimensions;

    /// <summary>Point indices run 0..MaxPoints - 1: the points of 32-bit direction integers.</summary>
    public const long MaxPoints = 1L << SobolDirections.Bits;

    private const int Digits = 52;
    private const int FillDigits = Digits - SobolDirections.Bits;
    private const int SubtreeDepth = 6;
    private const int FillLevel = 32;
    private const ulong SplitMixGamma = 0x9E3779B97F4A7C15;
    private const uint LinearMatrixStream = 8;
    private const uint LinearShiftStream = 9;
    private const double Resolution = 1.0 / (1UL << Digits);

    private static readonly ulong[] PathMasks = BuildPathMasks();

    private readonly uint[] directions;   // shared table (Owen) or this replicate's scrambled direction integers (Linear)
    private readonly ulong[] keys;        // per dimension: the keyed stream of (seed, replicate, dimension)
    private readonly ulong[] shifts;      // per tabled dimension, Linear only: a 52-digit digital shift
    private readonly int tabled;

    /// <param name="dimensions">Coordinates per point, one per independent uniform of a trial.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="replicate">Which independent randomisation, 0..R-1: replicates give independent estimates.</param>
    /// <param name="scrambling">Owen (default) or linear matrix scrambling with a digital shift.</param>
    public SobolSequence(int dimensions, long seed, int replicate, SobolScrambling scrambling = SobolScrambling.Owen)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(replicate);
        if (!Enum.IsDefined(scrambling))
        {
            throw new ArgumentOutOfRangeException(nameof(scrambling), scrambling, "expected Owen or Linear");
        }
        Dimensions = dimensions;
        Seed = seed;
        Replicate = replicate;
        Scrambling = scrambling;
        tabled = Math.Min(dimensions, TableDimensions);
        var replicateKey = ReplicateKey(seed, replicate);
        keys = new ulong[dimensions];
        for (var j = 0; j < dimensions; j++)
        {
            keys[j] = DimensionKey(replicateKey, j);
        }
        var table = SobolDirections.For(tabled);
        if (scrambling == SobolScrambling.Owen)
        {
            directions = table;
            shifts = [];
        }
        else
        {
            directions = new uint[tabled * SobolDirections.Bits];
            shifts = new ulong[tabled];
            for (var j = 0; j < tabled; j++)
            {
                ScrambleLinearly(table.AsSpan(j * SobolDirections.Bits, SobolDirections.Bits), keys[j], directions.AsSpan(j * SobolDirections.Bits, SobolDirections.Bits));
                shifts[j] = KeyedRandom.Bits(keys[j], 0, LinearShiftStream) >> (64 - Digits);
            }
        }
    }

    public int Dimensions { get; }

    public long Seed { get; }

    public int Replicate { get; }

    public SobolScrambling Scrambling { get; }

    /// <summary>Coordinate <paramref name="dimension"/> (0-based) of point <paramref name="index"/>, in (0, 1).</summary>
    public double Coordinate(long index, int dimension)
    {
        CheckIndex(index);
        if ((uint)dimension >= (uint)Dimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"expected 0..{Dimensions - 1}");
        }
        return CoordinateUnchecked(index, dimension);
    }

    /// <summary>
    /// Coordinates 0..point.Length - 1 of point <paramref name="index"/>: the sampler's call, once a trial, no allocation.
    /// <paramref name="point"/> may be shorter than <see cref="Dimensions"/>, never longer.
    /// </summary>
    public void Point(long index, Span<double> point)
    {
        CheckIndex(index);
        if (point.Length > Dimensions)
        {
            throw new ArgumentException($"a point has {Dimensions} coordinates, the span holds {point.Length}", nameof(point));
        }
        for (var j = 0; j < point.Length; j++)
        {
            point[j] = CoordinateUnchecked(index, j);
        }
    }

    /// <summary>Point <paramref name="index"/> of dimension <paramref name="dimension"/> unscrambled, as 32 binary digits: for checks against the table.</summary>
    internal static uint Unscrambled(long index, int dimension) =>
        Digits32(SobolDirections.For(dimension + 1), dimension, (uint)index);

    /// <summary>The keyed stream of (seed, replicate), from which every dimension's key derives.</summary>
    internal static ulong ReplicateKey(long seed, int replicate) => KeyedRandom.StreamKey(seed, "sobol-sequence/" + replicate.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal static ulong DimensionKey(ulong replicateKey, int dimension) => KeyedRandom.Bits(replicateKey, dimension);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double CoordinateUnchecked(long index, int dimension)
    {
        if (dimension >= tabled)
        {
            return ToUnit(KeyedRandom.Bits(keys[dimension], index) >> (64 - Digits));
        }
        var x = Digits32(directions, dimension, (uint)index);
        var digits = Scrambling == SobolScrambling.Owen
            ? OwenScramble(x, keys[dimension])
            : ((ulong)x << FillDigits) ^ shifts[dimension];
        return ToUnit(digits);
    }

    /// <summary>A 52-digit binary fraction, offset by half its last digit into the open interval.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double ToUnit(ulong digits) => (digits + 0.5) * Resolution;

    /// <summary>The XOR of the dimension's direction integers over the set bits of the Gray code of <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Digits32(uint[] directions, int dimension, uint index)
    {
        ref var v = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(directions), dimension * SobolDirections.Bits);
        var gray = index ^ (index >> 1);
        var x = 0u;
        while (gray != 0)
        {
            // TrailingZeroCount < 32 and the row holds 32 integers: the read stays inside the dimension's row.
            x ^= Unsafe.Add(ref v, BitOperations.TrailingZeroCount(gray));
            gray &= gray - 1;
        }
        return x;
    }

    /// <summary>
    /// Owen's nested uniform scrambling of a 32-digit point to 52 digits. Digit k (1 = most significant) is flipped by
    /// the bit of node (the k - 1 digits above it) of a random binary tree; the tree is cut into 6-level subtrees whose
    /// 63 nodes, heap-numbered 1..63, are bits 62..0 of one keyed word of the subtree's root: digits 1-6, 7-12, .., 25-30,
    /// then a 2-level subtree for digits 31-32 and one word for the flips of digits 33..52.
    /// </summary>
    private static ulong OwenScramble(uint x, ulong key)
    {
        var flips = 0u;
        for (var start = 0; start < 30; start += SubtreeDepth)
        {
            var above = (uint)((ulong)x >> (SobolDirections.Bits - start));
            var digits = (x >> (SobolDirections.Bits - SubtreeDepth - start)) & 63;
            flips |= SubtreeFlips(NodeWord(key, above, start), digits) << (SobolDirections.Bits - SubtreeDepth - start);
        }
        // Digits 31-32: a 6-level subtree's first two levels, the digits put on top and the four lower flips dropped.
        flips |= SubtreeFlips(NodeWord(key, x >> 2, 30), (x & 3) << 4) >> 4;
        // Below digit 32 the point's digits are all 0: one path, fixed by the 32 digits, so its flips are one keyed word.
        var fill = NodeWord(key, x, FillLevel) >> (64 - FillDigits);
        return ((ulong)(x ^ flips) << FillDigits) | fill;
    }

    /// <summary>
    /// The flips of a 6-level subtree for its six digits (first digit high): level l reads node 2^l + the l digits above
    /// it, stored at bit 63 - node of <paramref name="nodes"/>. The six nodes of a path are the set bits of
    /// <see cref="PathMasks"/>[digits], in level order from the top bit down, so one PEXT gathers the six flips in place.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint SubtreeFlips(ulong nodes, uint digits) =>
        Bmi2.X64.IsSupported
            ? (uint)Bmi2.X64.ParallelBitExtract(nodes, PathMasks[(int)digits])
            : SubtreeFlipsPortable(nodes, digits);

    /// <summary><see cref="SubtreeFlips"/> without BMI2, bit for bit the same.</summary>
    internal static uint SubtreeFlipsPortable(ulong nodes, uint digits)
    {
        var flips = 0u;
        for (var level = 0; level < SubtreeDepth; level++)
        {
            var node = (1 << level) | (int)(digits >> (SubtreeDepth - level));
            flips = (flips << 1) | (uint)((nodes << node) >> 63);
        }
        return flips;
    }

    private static ulong[] BuildPathMasks()
    {
        var masks = new ulong[1 << SubtreeDepth];
        for (var digits = 0; digits < masks.Length; digits++)
        {
            for (var level = 0; level < SubtreeDepth; level++)
            {
                masks[digits] |= 1UL << (63 - ((1 << level) | (digits >> (SubtreeDepth - level))));
            }
        }
        return masks;
    }

    /// <summary>
    /// The 64 random bits of the subtree rooted at <paramref name="above"/> (the digits above digit
    /// <paramref name="level"/> + 1): SplitMix64 of the dimension's key at a counter unique to (above, level), one
    /// <see cref="KeyedRandom.Mix"/>, since the key is already a keyed word of (seed, replicate, dimension).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NodeWord(ulong key, uint above, int level) =>
        KeyedRandom.Mix(key + ((((ulong)above << 6) | (uint)level) * SplitMixGamma));

    /// <summary>
    /// Matousek's linear scrambling applied to the generator: y = L x for a random lower-triangular L with unit diagonal
    /// (digit 1 first), so scrambling direction integers once scrambles every point, which is their XOR.
    /// </summary>
    private static void ScrambleLinearly(ReadOnlySpan<uint> table, ulong key, Span<uint> scrambled)
    {
        Span<uint> columns = stackalloc uint[SobolDirections.Bits];
        for (var c = 0; c < SobolDirections.Bits; c++)
        {
            // Column c (digit c + 1): its diagonal digit set, random digits below it, none above.
            var diagonal = 1u << (SobolDirections.Bits - 1 - c);
            columns[c] = diagonal | ((uint)KeyedRandom.Bits(key, c, LinearMatrixStream) & (diagonal - 1));
        }
        for (var k = 0; k < table.Length; k++)
        {
            var y = 0u;
            for (var v = table[k]; v != 0; v &= v - 1)
            {
                y ^= columns[SobolDirections.Bits - 1 - BitOperations.TrailingZeroCount(v)];
            }
            scrambled[k] = y;
        }
    }

    private static void CheckIndex(long index)
    {
        if ((ulong)index >= MaxPoints)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"a Sobol' point index runs 0..{MaxPoints - 1}");
        }
    }
}
