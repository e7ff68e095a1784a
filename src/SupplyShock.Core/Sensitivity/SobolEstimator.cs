namespace SupplyShock.Core.Sensitivity;

using System.Numerics;
using SupplyShock.Core.Sampling;

/// <summary>
/// First-order and total Sobol indices of each group of a <see cref="SobolDesign"/>, with 95% percentile-bootstrap
/// intervals (issue 9, `sensitivity --method sobol`).
/// </summary>
/// <remarks>
/// With f centred on m, the mean of f(A) and f(B) together, over the N rows j:
/// <code>
/// V    = 1/(2N) sum_j [(f(A)_j - m)^2 + (f(B)_j - m)^2]                  the variance over f(A) and f(B) together
/// S_g  = 1/N    sum_j (f(B)_j - m) (f(A_B^(g))_j - f(A)_j) / V           Saltelli et al. (2010), Table 2 (b)
/// ST_g = 1/(2N) sum_j (f(A)_j - f(A_B^(g))_j)^2 / V                      Jansen (1999); Saltelli et al. (2010), Table 2 (f)
/// </code>
/// Saltelli's estimator is written with f(B)_j; centring it on m adds a term of expectation zero and makes S_g
/// independent of the metric's offset (a metric near 1, such as supply_through, would otherwise carry a variance of
/// order m^2 / V). V uses 1/(2N), as SALib does. A metric that never varies (V = 0) has no variance to share: every
/// index is 0.
/// The bootstrap draws N rows with replacement, the same rows for V and every S_g and ST_g (so their dependence is
/// kept), recomputes all of them, and takes the 2.5% and 97.5% points of each (type 7 interpolation). The rows come
/// from keyed uniforms on the stream "sobol/bootstrap" of the seed, so an interval is a function of the evaluations
/// and the seed alone. Cost: resamples x N x (k + 2) reads, about 3.4e9 at N = 2^16, k = 50 and 1,000 resamples:
/// measured (Release, one core of the 2-core machine, 100 resamples x 10) about 9 s per metric there, and 0.3 s at
/// N = 8,192 and k = 20. Resamples are independent, so they can be split over threads without changing a bit.
/// </remarks>
public static class SobolEstimator
{
    public const int DefaultResamples = 1_000;

    public static SobolIndices Estimate(SobolEvaluations evaluations, long seed, int resamples = DefaultResamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        if (!evaluations.IsComplete)
        {
            throw new InvalidOperationException(
                $"{evaluations.Design.Trials - evaluations.RecordedCount} of the design's {evaluations.Design.Trials} trials were not recorded");
        }
        var (rows, groups) = (evaluations.Design.Rows, evaluations.Design.Groups.Count);
        var shift = Shift(evaluations);
        var sums = new Sums(groups);

        for (var j = 0; j < rows; j++)
        {
            sums.Add(evaluations.Row(j), shift, 1);
        }
        var (mean, variance) = sums.MeanAndVariance(shift, rows);
        var first = new double[groups];
        var total = new double[groups];
        sums.Indices(shift, rows, first, total);

        // firstDraws[g][r], totalDraws[g][r]: resample r's S_g and ST_g.
        var firstDraws = new double[groups][];
        var totalDraws = new double[groups][];
        for (var g = 0; g < groups; g++)
        {
            (firstDraws[g], totalDraws[g]) = (new double[resamples], new double[resamples]);
        }
        var stream = KeyedRandom.StreamKey(seed, "sobol/bootstrap");
        var (resampledFirst, resampledTotal) = (new double[groups], new double[groups]);
        var counts = new int[rows]; // how many times resample r drew row j
        for (var r = 0; r < resamples; r++)
        {
            Array.Clear(counts);
            for (var d = 0; d < rows; d++)
            {
                // Lemire's multiply-high: a 64-bit uniform to a row in 0..N-1.
                counts[(int)Math.BigMul(KeyedRandom.Bits(stream, ((long)r * rows) + d), (ulong)rows, out _)]++;
            }
            // Rows in row order, each weighted by its count: the same resample as N draws, in a cache-friendly walk
            // that skips the third of the rows a resample leaves out.
            sums.Clear();
            for (var j = 0; j < rows; j++)
            {
                if (counts[j] > 0)
                {
                    sums.Add(evaluations.Row(j), shift, counts[j]);
                }
            }
            sums.Indices(shift, rows, resampledFirst, resampledTotal);
            for (var g = 0; g < groups; g++)
            {
                (firstDraws[g][r], totalDraws[g][r]) = (resampledFirst[g], resampledTotal[g]);
            }
        }

        var indices = new SobolIndex[groups];
        for (var g = 0; g < groups; g++)
        {
            indices[g] = new SobolIndex(first[g], Percentile95(firstDraws[g]), total[g], Percentile95(totalDraws[g]));
        }
        return new SobolIndices(rows, resamples, mean, variance, indices);
    }

    /// <summary>The mean of f(A) and f(B), in row order: the centre that keeps the sums of squares free of cancellation.</summary>
    private static double Shift(SobolEvaluations evaluations)
    {
        var sum = 0.0;
        for (var j = 0; j < evaluations.Design.Rows; j++)
        {
            var row = evaluations.Row(j);
            sum += row[SobolDesign.BlockA] + row[SobolDesign.BlockB];
        }
        return sum / (2.0 * evaluations.Design.Rows);
    }

    /// <summary>The 2.5% and 97.5% points of the resampled estimates, interpolated as MODEL.md section 7 does (h = (B - 1) p).</summary>
    private static ConfidenceInterval Percentile95(double[] draws)
    {
        Array.Sort(draws);
        double At(double p)
        {
            var h = (draws.Length - 1) * p;
            var below = (int)Math.Floor(h);
            return below + 1 >= draws.Length ? draws[^1] : draws[below] + ((h - below) * (draws[below + 1] - draws[below]));
        }
        return new ConfidenceInterval(At(0.025), At(0.975));
    }

    /// <summary>The sums over a set of rows (all of them, or a resample) from which V, S_g and ST_g follow.</summary>
    private sealed class Sums(int groups)
    {
        private double a;       // sum (f(A) - m)
        private double b;       // sum (f(B) - m)
        private double squares; // sum (f(A) - m)^2 + (f(B) - m)^2
        private readonly double[] products = new double[groups];    // sum (f(B) - m) D_g, D_g = f(A_B^(g)) - f(A)
        private readonly double[] differences = new double[groups]; // sum D_g
        private readonly double[] jansen = new double[groups];      // sum D_g^2

        public void Clear()
        {
            (a, b, squares) = (0, 0, 0);
            Array.Clear(products);
            Array.Clear(differences);
            Array.Clear(jansen);
        }

        /// <summary>
        /// Adds a row <paramref name="weight"/> times. The groups' sums go a vector at a time; each lane is one group's
        /// own sum with the same operations in the same order as the scalar tail, so the result does not depend on the
        /// machine's vector width.
        /// </summary>
        public void Add(ReadOnlySpan<double> row, double shift, double weight)
        {
            var fA = row[SobolDesign.BlockA];
            var (da, db) = (fA - shift, row[SobolDesign.BlockB] - shift);
            a += weight * da;
            b += weight * db;
            squares += weight * ((da * da) + (db * db));
            var swaps = row[SobolDesign.BlockOf(0)..];
            var weightedB = weight * db;
            var g = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var (vA, vB, vW) = (new Vector<double>(fA), new Vector<double>(weightedB), new Vector<double>(weight));
                for (; g <= swaps.Length - Vector<double>.Count; g += Vector<double>.Count)
                {
                    var difference = new Vector<double>(swaps[g..]) - vA;
                    (new Vector<double>(products.AsSpan(g)) + (vB * difference)).CopyTo(products.AsSpan(g));
                    (new Vector<double>(differences.AsSpan(g)) + (vW * difference)).CopyTo(differences.AsSpan(g));
                    (new Vector<double>(jansen.AsSpan(g)) + (vW * difference * difference)).CopyTo(jansen.AsSpan(g));
                }
            }
            for (; g < swaps.Length; g++)
            {
                var difference = swaps[g] - fA;
                products[g] += weightedB * difference;
                differences[g] += weight * difference;
                jansen[g] += weight * difference * difference;
            }
        }

        public (double Mean, double Variance) MeanAndVariance(double shift, int n)
        {
            var offset = (a + b) / (2.0 * n); // the mean of these rows' f(A), f(B), less m
            return (shift + offset, Math.Max(0, (squares / (2.0 * n)) - (offset * offset)));
        }

        /// <summary>S_g and ST_g of these rows, with f(B) centred on these rows' own mean (so a resample is estimated as the whole is).</summary>
        public void Indices(double shift, int n, Span<double> first, Span<double> total)
        {
            var (mean, variance) = MeanAndVariance(shift, n);
            var offset = mean - shift;
            for (var g = 0; g < products.Length; g++)
            {
                // sum (f(B) - mean) D_g = sum (f(B) - m) D_g - (mean - m) sum D_g
                first[g] = variance > 0 ? (products[g] - (offset * differences[g])) / n / variance : 0;
                total[g] = variance > 0 ? jansen[g] / (2.0 * n) / variance : 0;
            }
        }
    }
}

/// <summary>The Sobol indices of one metric; <see cref="Groups"/>[g] belongs to the design's group g.</summary>
/// <param name="Mean">The mean of f(A) and f(B).</param>
/// <param name="Variance">V, the variance of f(A) and f(B) together (1/(2N)).</param>
public sealed record SobolIndices(int Rows, int Resamples, double Mean, double Variance, IReadOnlyList<SobolIndex> Groups);

/// <summary>One group's indices: first order S_g (Saltelli 2010) and total ST_g (Jansen), each with its 95% bootstrap interval.</summary>
public sealed record SobolIndex(double First, ConfidenceInterval FirstInterval, double Total, ConfidenceInterval TotalInterval);
