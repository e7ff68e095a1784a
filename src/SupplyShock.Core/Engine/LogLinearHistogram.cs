namespace SupplyShock.Core.Engine;

/// <summary>
/// Counts of positive magnitudes in buckets that are logarithmic across powers of two and equal within one (the
/// log-linear layout of HdrHistogram; DDSketch's relative-accuracy idea with its linearly interpolated mapping). A
/// bucket is the double's IEEE-754 exponent and the top k bits of its mantissa, so the index is a few bit operations:
/// no logarithm on the hot path, and the same bucket on every machine and runtime.
/// <para>
/// In an octave [2^e, 2^(e+1)) the 2^k buckets are 2^(e-k) wide. k is at least <see cref="RelativeBits"/>, so a bucket
/// is at most 2^-9 of any value in it and its midpoint within 2^-10 of each (relative accuracy); near the top of the
/// range k grows until a bucket is also at most <c>resolution</c> wide, so large values keep the absolute accuracy of
/// equal bins (MODEL.md section 7's 1e-4 of the range).
/// </para>
/// Counts are integers in chunks of 128 allocated when first hit, so merging is integer addition (exact, any order)
/// and a metric whose values sit in a narrow band costs a few kilobytes; the number of buckets, and so the memory, is
/// bounded by the range whatever the number of trials.
/// </summary>
internal sealed class LogLinearHistogram
{
    /// <summary>
    /// Mantissa bits in every bucket index: a bucket is at most 2^-9 of the values in it, so its midpoint is within
    /// 2^-10 (0.098%) of each. (With 10 bits and any point of the bucket the bound would be the same at twice the memory.)
    /// </summary>
    public const int RelativeBits = 9;

    /// <summary>
    /// At most 2^20 buckets in one octave: an octave's chunk directory stays at most 64 KB. Reached only when a range
    /// lies far from zero (max(|lo|, |hi|) above about a hundred times its width), which no metric's range does (all hold zero).
    /// </summary>
    private const int MaxBits = 20;

    /// <summary>The smallest positive normal double: below it the exponent bits no longer scale the mantissa.</summary>
    public const double SmallestNormal = 2.2250738585072014E-308;

    private const int MantissaBits = 52;
    private const long MantissaMask = (1L << MantissaBits) - 1;
    private const int ChunkBits = 7;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly int lowestExponent; // biased IEEE-754 exponent of the smallest magnitude kept
    private readonly int resolutionExponent; // biased exponent of the widest bucket allowed
    private readonly uint[]?[]?[] octaves;

    /// <param name="smallest">The smallest magnitude that will be counted (positive and normal).</param>
    /// <param name="largest">The largest magnitude that will be counted.</param>
    /// <param name="resolution">The widest a bucket may be.</param>
    public LogLinearHistogram(double smallest, double largest, double resolution)
    {
        if (!(smallest >= SmallestNormal) || !(largest >= smallest) || !(resolution > 0) || !double.IsFinite(largest))
        {
            throw new ArgumentException($"bad magnitudes [{smallest}, {largest}] or resolution {resolution}");
        }
        lowestExponent = BiasedExponent(smallest);
        resolutionExponent = BiasedExponent(resolution);
        octaves = new uint[]?[]?[BiasedExponent(largest) - lowestExponent + 1];
    }

    private static int BiasedExponent(double x) => (int)(BitConverter.DoubleToInt64Bits(x) >> MantissaBits) & 0x7FF;

    /// <summary>52 - k for the octave of biased exponent e: a bucket 2^(e-k) wide is at most 2^(resolution's exponent).</summary>
    private int Shift(int exponent) => MantissaBits - Math.Clamp(exponent - resolutionExponent, RelativeBits, MaxBits);

    /// <summary>Counts <paramref name="magnitude"/>, which must lie in [smallest, largest].</summary>
    public void Increment(double magnitude)
    {
        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var exponent = (int)(bits >> MantissaBits);
        var shift = Shift(exponent);
        var bucket = (int)((bits & MantissaMask) >> shift);
        var octave = octaves[exponent - lowestExponent] ??= new uint[]?[(1 << (MantissaBits - shift)) >> ChunkBits];
        (octave[bucket >> ChunkBits] ??= new uint[ChunkSize])[bucket & (ChunkSize - 1)]++;
    }

    /// <summary>Adds the counts of another histogram built with the same arguments.</summary>
    public void Add(LogLinearHistogram other)
    {
        if (other.lowestExponent != lowestExponent || other.resolutionExponent != resolutionExponent || other.octaves.Length != octaves.Length)
        {
            throw new ArgumentException("cannot add histograms of different layouts");
        }
        for (var o = 0; o < octaves.Length; o++)
        {
            if (other.octaves[o] is not { } theirOctave)
            {
                continue;
            }
            var ourOctave = octaves[o] ??= new uint[]?[theirOctave.Length];
            for (var c = 0; c < theirOctave.Length; c++)
            {
                if (theirOctave[c] is not { } theirs)
                {
                    continue;
                }
                var ours = ourOctave[c] ??= new uint[ChunkSize];
                for (var i = 0; i < ChunkSize; i++)
                {
                    ours[i] += theirs[i];
                }
            }
        }
    }

    /// <summary>The buckets with a count, [From, To) in magnitude, ascending (or descending) by magnitude.</summary>
    public IEnumerable<(double From, double To, long Count)> Occupied(bool descending)
    {
        for (var step = 0; step < octaves.Length; step++)
        {
            var o = descending ? octaves.Length - 1 - step : step;
            if (octaves[o] is not { } octave)
            {
                continue;
            }
            var exponent = lowestExponent + o;
            var shift = Shift(exponent);
            for (var cStep = 0; cStep < octave.Length; cStep++)
            {
                var c = descending ? octave.Length - 1 - cStep : cStep;
                if (octave[c] is not { } chunk)
                {
                    continue;
                }
                for (var iStep = 0; iStep < ChunkSize; iStep++)
                {
                    var i = descending ? ChunkSize - 1 - iStep : iStep;
                    if (chunk[i] == 0)
                    {
                        continue;
                    }
                    // The bucket's edges are exact doubles: the exponent and the bucket's mantissa bits, and one step more.
                    var from = ((long)exponent << MantissaBits) | ((long)((c << ChunkBits) + i) << shift);
                    yield return (BitConverter.Int64BitsToDouble(from), BitConverter.Int64BitsToDouble(from + (1L << shift)), chunk[i]);
                }
            }
        }
    }
}
