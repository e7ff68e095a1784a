namespace SupplyShock.Core.Engine;

using System.Numerics;

/// <summary>Which tail is the bad one (MODEL.md section 7): more loss, or less supply.</summary>
public enum WorseWhen
{
    Larger,
    Smaller,
}

/// <summary>
/// The statistics of one metric over the trials, in memory that does not grow with the number of trials.
/// Every part merges exactly and in any order (integer counts and integer sums), so the result is the same to the
/// bit for any thread count, batch size or set of shards:
/// <list type="bullet">
/// <item>mean and sd from sums of the value quantised to 2^-48 of the metric's range (an error far below 1e-12 of it);</item>
/// <item>quantiles and es95 from a relative-accuracy sketch (<see cref="LogLinearHistogram"/>, one for each sign), each
/// value read as its bucket's midpoint: buckets at most 2^-9 of the values in them and at most 2 range / <see cref="Bins"/>
/// wide, so the midpoint is within half of that, with exact counts for the
/// values that recur exactly (the two ends of the range, and zero with everything within 1e-9 of the range of it), and
/// the exact minimum and maximum;</item>
/// <item>the 128-bin distribution for charts and compare from its own small histogram of exact counts;</item>
/// <item>under the sobol sampler (issue 10), the same quantised sum and a count for each replicate (trial mod R), so the
/// standard error is the spread of the R replicate means, sd(means) / sqrt(R) (docs/model.md section 7).</item>
/// </list>
/// Every order statistic is read as the midpoint of the bucket that holds it, so it is within 2^-10 (0.098%) of it, and within
/// range / 16,384 (6.1e-5 of the range, inside the 1e-4 that MODEL.md section 7 allows); values near zero are within
/// 1e-9 of the range; values at the ends of the range (to 1e-12 of it), and constant metrics, are exact.
/// (Where a percentile interpolates across zero, or es95 averages values of both signs, the 2^-10 is of the magnitudes
/// of the values involved.)
/// </summary>
public sealed class MetricAccumulator
{
    /// <summary>The sketch is never coarser than this many equal bins over the range: a bucket midpoint is within range / Bins of its values.</summary>
    public const int Bins = 16_384;

    /// <summary>A paired difference spans twice its metric's range, so it gets twice the bins: a bucket is at most range/16,384 of either.</summary>
    public const int DifferenceBins = 2 * Bins;

    /// <summary>Half the widest a bucket is relative to the values in it: the relative error of a quantile or es95.</summary>
    public const double RelativeError = 1.0 / (2 << LogLinearHistogram.RelativeBits);

    /// <summary>Values closer to zero than this (relative to the largest magnitude of the range) count as zero.</summary>
    public const double NearZero = 1e-9;

    private readonly int bins;
    private const double QuantumScale = 281_474_976_710_656.0; // 2^48

    private readonly double lo;
    private readonly double hi;
    private readonly double width;
    private readonly double savedScale;
    private readonly double quantum;
    private readonly double atomLo;
    private readonly double atomHi;
    private readonly double nearZero;
    private readonly double largest;

    /// <summary>How close to an end of the range (relative to the range) a value must be to count as it: far below any bucket.</summary>
    private const double AtomTolerance = 1e-12;
    private LogLinearHistogram? positive;
    private LogLinearHistogram? negative;
    private uint[]? saved;
    private long count;
    private long countLo;
    private long countHi;
    private long countZero;
    // 128-bit sums kept as two words each, with the carry done by hand: the hot path stays a few instructions.
    private ulong sumLow;
    private ulong sumHigh;
    private ulong squaresLow;
    private ulong squaresHigh;

    private UInt128 Sum => new(sumHigh, sumLow);

    private UInt128 SumSquares => new(squaresHigh, squaresLow);
    private double min = double.PositiveInfinity;
    private double max = double.NegativeInfinity;
    private readonly UInt128[]? replicateSums;
    private readonly long[]? replicateCounts;

    /// <param name="replicates">Under the sobol sampler, its R scramblings (trial t in replicate t mod R); 0 otherwise.</param>
    public MetricAccumulator(double lo, double hi, WorseWhen worse, int bins = Bins, int replicates = 0)
    {
        this.bins = bins;
        if (replicates > 0)
        {
            replicateSums = new UInt128[replicates];
            replicateCounts = new long[replicates];
        }
        if (!(hi >= lo) || !double.IsFinite(lo) || !double.IsFinite(hi))
        {
            throw new ArgumentException($"bad metric range [{lo}, {hi}]");
        }
        (this.lo, this.hi, Worse) = (lo, hi, worse);
        width = hi > lo ? hi - lo : 1;
        savedScale = SavedBins / width;
        quantum = QuantumScale / width;
        var atom = AtomTolerance * width;
        (atomLo, atomHi) = (lo + atom, hi - atom);
        largest = Math.Max(Math.Max(Math.Abs(lo), Math.Abs(hi)), LogLinearHistogram.SmallestNormal / NearZero);
        nearZero = NearZero * largest;
    }

    public WorseWhen Worse { get; }

    public long Count => count;

    /// <summary>Adds <paramref name="n"/> values read from <paramref name="buffer"/> at <paramref name="offset"/>, stepping by <paramref name="stride"/>: trials <paramref name="firstTrial"/> on.</summary>
    public void AddStrided(double[] buffer, int offset, int stride, int n, long firstTrial = 0)
    {
        if (replicateSums is not null)
        {
            for (var k = 0; k < n; k++)
            {
                Add(buffer[offset + (k * stride)], firstTrial + k);
            }
            return;
        }
        for (var k = 0; k < n; k++)
        {
            Add(buffer[offset + (k * stride)]);
        }
    }

    /// <summary>Adds <paramref name="n"/> differences buffer[a + k stride] - buffer[b + k stride]: trials <paramref name="firstTrial"/> on.</summary>
    public void AddStridedDifference(double[] buffer, int a, int b, int stride, int n, long firstTrial = 0)
    {
        if (replicateSums is not null)
        {
            for (var k = 0; k < n; k++)
            {
                Add(buffer[a + (k * stride)] - buffer[b + (k * stride)], firstTrial + k);
            }
            return;
        }
        for (var k = 0; k < n; k++)
        {
            Add(buffer[a + (k * stride)] - buffer[b + (k * stride)]);
        }
    }

    /// <summary>Adds the value of <paramref name="trial"/>: under the sobol sampler also to its replicate's sum.</summary>
    public void Add(double x, long trial)
    {
        Add(x);
        if (replicateSums is not null)
        {
            var r = (int)(trial % replicateSums.Length);
            replicateSums[r] += Quantise(x);
            replicateCounts![r]++;
        }
    }

    private ulong Quantise(double x) => (ulong)Math.Max(0, (long)(((x - lo) * quantum) + 0.5));

    public void Add(double x)
    {
        count++;
        if (x < min)
        {
            min = x;
        }
        if (x > max)
        {
            max = x;
        }
        // q = (x - lo) / width in units of 2^-48, rounded; x below lo only by rounding, so clamped at 0.
        var q = Quantise(x);
        sumLow += q;
        sumHigh += sumLow < q ? 1UL : 0UL;
        var high = Math.BigMul(q, q, out var low);
        squaresLow += low;
        squaresHigh += high + (squaresLow < low ? 1UL : 0UL);
        // Values a rounding error away from an end of the range (1 - 1e-16 for a full output) count as that end.
        if (x <= atomLo)
        {
            countLo++;
        }
        else if (x >= atomHi)
        {
            countHi++;
        }
        else if (Math.Abs(x) < nearZero)
        {
            countZero++;
        }
        else
        {
            (saved ??= new uint[SavedBins])[Math.Clamp((int)((x - lo) * savedScale), 0, SavedBins - 1)]++;
            if (x > 0)
            {
                (positive ??= NewSketch()).Increment(x);
            }
            else
            {
                (negative ??= NewSketch()).Increment(-x);
            }
        }
    }

    /// <summary>Buckets up to 2 range / bins wide: their midpoints are within range / bins.</summary>
    private LogLinearHistogram NewSketch() => new(nearZero, largest, 2 * width / bins);

    private static (ulong High, ulong Low) Split(UInt128 x) => ((ulong)(x >> 64), (ulong)x);

    /// <summary>Adds another accumulator of the same metric; the order of merges does not change the result.</summary>
    public void Merge(MetricAccumulator other)
    {
        if (other.lo != lo || other.hi != hi || other.bins != bins || other.replicateSums?.Length != replicateSums?.Length)
        {
            throw new ArgumentException("cannot merge accumulators of different ranges or replicates");
        }
        if (replicateSums is not null)
        {
            for (var r = 0; r < replicateSums.Length; r++)
            {
                replicateSums[r] += other.replicateSums![r];
                replicateCounts![r] += other.replicateCounts![r];
            }
        }
        count += other.count;
        countLo += other.countLo;
        countHi += other.countHi;
        countZero += other.countZero;
        (sumHigh, sumLow) = Split(Sum + other.Sum);
        (squaresHigh, squaresLow) = Split(SumSquares + other.SumSquares);
        min = Math.Min(min, other.min);
        max = Math.Max(max, other.max);
        if (other.positive is { } p)
        {
            (positive ??= NewSketch()).Add(p);
        }
        if (other.negative is { } n)
        {
            (negative ??= NewSketch()).Add(n);
        }
        if (other.saved is { } theirs)
        {
            var ours = saved ??= new uint[SavedBins];
            for (var i = 0; i < SavedBins; i++)
            {
                ours[i] += theirs[i];
            }
        }
    }

    private static readonly double[] Percentiles = [0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99];

    /// <summary>Bins of the saved distribution, counted exactly as values arrive (apart from the sketch).</summary>
    public const int SavedBins = 128;

    /// <summary>
    /// The whole distribution in <see cref="SavedBins"/> equal bins over the metric's range, for charts and for
    /// comparing two runs (a two-sample Kolmogorov-Smirnov test needs exact counts on the same bins). Atoms fall in
    /// the bin that holds them.
    /// </summary>
    public MetricHistogram Histogram()
    {
        var counts = new long[SavedBins];
        if (saved is { } s)
        {
            for (var i = 0; i < SavedBins; i++)
            {
                counts[i] = s[i];
            }
        }
        counts[0] += countLo;
        counts[^1] += countHi;
        if (countZero > 0)
        {
            counts[Math.Clamp((int)((0 - lo) / width * SavedBins), 0, SavedBins - 1)] += countZero;
        }
        return new MetricHistogram(lo, hi, counts);
    }

    /// <summary>One list per thread, reused: summarising thousands of metrics allocates nothing per metric.</summary>
    [ThreadStatic]
    private static List<(double Value, long Count)>? pointBuffer;

    /// <summary>
    /// sd(replicate means) / sqrt(R), the standard error of the mean of R independent, equally sized, unbiased estimates
    /// (issue 10). Each replicate mean is read from its exact integer sum, so the result does not depend on merge order.
    /// </summary>
    private double ReplicateSe()
    {
        var (sums, counts) = (replicateSums!, replicateCounts!);
        var r = sums.Length;
        if (counts.Any(c => c == 0))
        {
            throw new InvalidOperationException("a replicate without trials: a sobol run's trials are a multiple of its replicates");
        }
        var means = new double[r];
        for (var i = 0; i < r; i++)
        {
            means[i] = (double)sums[i] / counts[i] / QuantumScale * width;
        }
        var average = means.Average();
        var squares = means.Sum(m => (m - average) * (m - average));
        return Math.Sqrt(squares / (r - 1) / r);
    }

    public MetricStatistics Statistics()
    {
        if (count == 0)
        {
            throw new InvalidOperationException("no trials");
        }
        if (min == max)
        {
            return new MetricStatistics(min, 0, 0, min, min, min, min, min, min, min, min, min, min);
        }
        var (sum, sumSquares) = (Sum, SumSquares);
        var mean = lo + ((double)sum / count / QuantumScale * width);
        var sd = 0.0;
        if (count > 1)
        {
            // Exact integer arithmetic: n*sum(q^2) - sum(q)^2, so no cancellation error.
            var n = new BigInteger(count);
            var numerator = (n * (BigInteger)sumSquares) - ((BigInteger)sum * (BigInteger)sum);
            var variance = (double)numerator / ((double)count * (count - 1));
            sd = Math.Sqrt(Math.Max(0, variance)) / QuantumScale * width;
        }
        var points = Points(pointBuffer ??= []);
        Span<double> q = stackalloc double[Percentiles.Length];
        PercentilesOf(points, q);
        return new MetricStatistics(
            mean, sd, replicateSums is null ? sd / Math.Sqrt(count) : ReplicateSe(),
            q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8],
            ExpectedShortfall(points));
    }

    /// <summary>
    /// The distribution in ascending order, as values with counts: the atoms exactly, and each bucket's count at its
    /// midpoint once clipped to [min, max] (the point nearest to every value the bucket may hold); negative values come
    /// from the negative sketch, largest magnitude first.
    /// </summary>
    private List<(double Value, long Count)> Points(List<(double Value, long Count)> points)
    {
        points.Clear();
        if (countLo > 0)
        {
            points.Add((lo, countLo));
        }
        if (negative is { } n)
        {
            foreach (var (from, to, c) in n.Occupied(descending: true))
            {
                points.Add((Midpoint(-to, -from), c));
            }
        }
        if (countZero > 0)
        {
            points.Add((0, countZero));
        }
        if (positive is { } p)
        {
            foreach (var (from, to, c) in p.Occupied(descending: false))
            {
                points.Add((Midpoint(from, to), c));
            }
        }
        if (countHi > 0)
        {
            points.Add((hi, countHi));
        }
        return points;
    }

    private double Midpoint(double from, double to) => (Math.Max(from, min) + Math.Min(to, max)) / 2;

    /// <summary>
    /// MODEL.md section 7: linear interpolation between order statistics (h = (n - 1) p), every percentile in one
    /// walk over the points, since the ranks needed rise with p.
    /// </summary>
    private void PercentilesOf(List<(double Value, long Count)> points, Span<double> result)
    {
        var point = 0;
        long before = 0; // values in the points before `point`
        double At(long rank)
        {
            if (rank <= 0)
            {
                return min;
            }
            if (rank >= count - 1)
            {
                return max;
            }
            while (point < points.Count && rank >= before + points[point].Count)
            {
                before += points[point].Count;
                point++;
            }
            return point == points.Count ? max : Math.Clamp(points[point].Value, min, max);
        }
        for (var k = 0; k < Percentiles.Length; k++)
        {
            var h = (count - 1) * Percentiles[k];
            var below = (long)Math.Floor(h);
            var x = At(below);
            result[k] = h == below ? x : x + ((h - below) * (At(below + 1) - x));
        }
    }

    /// <summary>MODEL.md section 7: the mean of the worst ceil(0.05 n) trials.</summary>
    private double ExpectedShortfall(List<(double Value, long Count)> points)
    {
        var wanted = (long)Math.Ceiling(0.05 * count);
        var remaining = wanted;
        var total = 0.0;
        var larger = Worse == WorseWhen.Larger;
        for (var k = 0; k < points.Count && remaining > 0; k++)
        {
            var (value, c) = points[larger ? points.Count - 1 - k : k];
            var take = Math.Min(remaining, c);
            total += take * value;
            remaining -= take;
        }
        return Math.Clamp(total / wanted, min, max);
    }
}

/// <summary>A metric's distribution over the trials: counts in equal bins over [Lo, Hi].</summary>
public sealed record MetricHistogram(double Lo, double Hi, IReadOnlyList<long> Counts);

/// <summary>The statistics of MODEL.md section 7 for one metric, as results.json names them.</summary>
public sealed record MetricStatistics(
    double Mean,
    double Sd,
    double Se,
    double P1,
    double P5,
    double P10,
    double P25,
    double P50,
    double P75,
    double P90,
    double P95,
    double P99,
    double Es95)
{
    /// <summary>The names and values in results.json order.</summary>
    public IEnumerable<(string Name, double Value)> Fields()
    {
        yield return ("mean", Mean);
        yield return ("sd", Sd);
        yield return ("se", Se);
        yield return ("p1", P1);
        yield return ("p5", P5);
        yield return ("p10", P10);
        yield return ("p25", P25);
        yield return ("p50", P50);
        yield return ("p75", P75);
        yield return ("p90", P90);
        yield return ("p95", P95);
        yield return ("p99", P99);
        yield return ("es95", Es95);
    }
}
