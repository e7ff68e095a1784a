namespace SupplyShock.Core.Tests;

using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using SupplyShock.Core.Engine;
using Xunit.Abstractions;

/// <summary>MODEL.md section 7: the accumulator's statistics against exact ones on known samples.</summary>
public sealed class StatisticsTests(ITestOutputHelper output)
{
    private const double BinError = 1.0 / MetricAccumulator.Bins; // of the range: the documented absolute bound

    private static MetricStatistics Accumulate(IEnumerable<double> values, double lo, double hi, WorseWhen worse = WorseWhen.Larger)
    {
        var accumulator = new MetricAccumulator(lo, hi, worse);
        foreach (var x in values)
        {
            accumulator.Add(x);
        }
        return accumulator.Statistics();
    }

    /// <summary>Type 7 quantile (linear interpolation between order statistics) of a sorted sample.</summary>
    private static double Exact(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var below = (int)Math.Floor(h);
        return below + 1 >= sorted.Length ? sorted[^1] : sorted[below] + ((h - below) * (sorted[below + 1] - sorted[below]));
    }

    [Fact]
    public void Statistics_UniformGrid_MatchClosedFormsWithinOneBin()
    {
        var values = Enumerable.Range(0, 10_001).Select(i => i / 10_000.0 * 200).ToArray(); // 0, 0.02, ..., 200

        var s = Accumulate(values, 0, 200);

        Assert.Equal(100, s.Mean, 9);
        Assert.Equal(values.StandardDeviation(), s.Sd, 9);
        Assert.Equal(s.Sd / Math.Sqrt(values.Length), s.Se, 12);
        foreach (var (p, q) in new[] { (0.01, s.P1), (0.05, s.P5), (0.25, s.P25), (0.5, s.P50), (0.9, s.P90), (0.99, s.P99) })
        {
            Assert.True(Math.Abs(Exact(values, p) - q) <= 200 * BinError, $"p{p}: {q} vs {Exact(values, p)}");
        }
        // es95: the mean of the worst (largest) ceil(0.05 n) = 501 values, 190 to 200.
        var worst = values.OrderDescending().Take(501).Average();
        Assert.True(Math.Abs(worst - s.Es95) <= 200 * BinError, $"es95 {s.Es95} vs {worst}");
    }

    [Fact]
    public void Statistics_BetaSample_MatchExactSampleStatistics()
    {
        var random = new Random(1);
        var values = Enumerable.Range(0, 20_000).Select(_ => Beta.Sample(random, 2, 5)).ToArray();
        var sorted = values.Order().ToArray();

        var s = Accumulate(values, 0, 1, WorseWhen.Smaller);

        Assert.Equal(values.Mean(), s.Mean, 12);
        Assert.Equal(values.StandardDeviation(), s.Sd, 10);
        foreach (var (p, q) in new[] { (0.05, s.P5), (0.5, s.P50), (0.95, s.P95) })
        {
            Assert.True(Math.Abs(Exact(sorted, p) - q) <= BinError, $"p{p}");
        }
        var worst = sorted.Take((int)Math.Ceiling(0.05 * values.Length)).Average(); // smallest are worst here
        Assert.True(Math.Abs(worst - s.Es95) <= BinError);
    }

    [Fact]
    public void Statistics_AtomsAndConstants_AreExact()
    {
        // Licence outcomes are all or nothing: 30% at 0, 70% at the full value.
        var values = Enumerable.Range(0, 1000).Select(i => i < 300 ? 0.0 : 400.0).ToArray();

        var s = Accumulate(values, 0, 400);

        Assert.Equal((0.0, 0.0, 400.0, 400.0), (s.P1, s.P25, s.P50, s.P99));
        Assert.Equal(280, s.Mean, 9);
        Assert.Equal(400, s.Es95);
        var constant = Accumulate(Enumerable.Repeat(0.6, 50), 0, 1);
        Assert.Equal((0.6, 0.0, 0.6, 0.6), (constant.Mean, constant.Sd, constant.P1, constant.Es95));
    }

    private static readonly double[] Levels = [0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99];

    private static double[] Quantiles(MetricStatistics s) => [s.P1, s.P5, s.P10, s.P25, s.P50, s.P75, s.P90, s.P95, s.P99];

    /// <summary>
    /// Checks every percentile and es95 against the exact sample figure (MODEL.md section 7: type 7 percentiles, es95
    /// the mean of the worst ceil(0.05 n)) within docs/model.md section 7.2's bound: 2^-10 of the magnitudes of the
    /// values involved plus 1e-9 of the range for values near zero, and range / 16,384 (MODEL.md's 1e-4 of the range).
    /// Returns the worst relative error seen, for the record.
    /// </summary>
    private double AssertAccurate(string name, double[] values, double lo, double hi, WorseWhen worse, int bins = MetricAccumulator.Bins)
    {
        var accumulator = new MetricAccumulator(lo, hi, worse, bins);
        foreach (var x in values)
        {
            accumulator.Add(x);
        }
        var s = accumulator.Statistics();
        var sorted = values.Order().ToArray();
        var nearZero = MetricAccumulator.NearZero * Math.Max(Math.Abs(lo), Math.Abs(hi));
        var absolute = (hi - lo) / bins;
        var worst = 0.0;
        void Check(string what, double estimate, double exact, double magnitude)
        {
            var error = Math.Abs(estimate - exact);
            var bound = (MetricAccumulator.RelativeError * magnitude * (1 + 1e-12)) + nearZero;
            Assert.True(error <= bound, $"{name} {what}: {estimate} vs exact {exact}, error {error} > {bound}");
            Assert.True(error <= absolute, $"{name} {what}: {estimate} vs exact {exact}, error {error} > range/{bins}");
            if (Math.Abs(exact) > nearZero)
            {
                worst = Math.Max(worst, error / Math.Abs(exact));
            }
        }
        var estimates = Quantiles(s);
        for (var k = 0; k < Levels.Length; k++)
        {
            var h = (sorted.Length - 1) * Levels[k];
            var below = (int)Math.Floor(h);
            var above = Math.Min(below + 1, sorted.Length - 1);
            var f = h - below;
            Check($"p{Levels[k] * 100}", estimates[k], Exact(sorted, Levels[k]), ((1 - f) * Math.Abs(sorted[below])) + (f * Math.Abs(sorted[above])));
        }
        var tail = (int)Math.Ceiling(0.05 * sorted.Length);
        var worstValues = worse == WorseWhen.Larger ? sorted[^tail..] : sorted[..tail];
        Check("es95", s.Es95, worstValues.Average(), worstValues.Average(Math.Abs));
        output.WriteLine($"{name}: worst relative error {worst:E2}");
        return worst;
    }

    private static double LogNormal(Random random, double median, double sigma) => median * Math.Exp(sigma * Normal.Sample(random, 0, 1));

    [Fact]
    public void Statistics_SmallValuesOnLargeRange_WithinRelativeBound()
    {
        // Issue 10's cases: a supplier's loss of 0.0073 on a range of 400 (a median once off by 7%), and a foreign
        // gain of 2.18 on a range of 3,000 (once off by 1%); a third of the trials lose nothing.
        var random = new Random(3);
        var loss = Enumerable.Range(0, 60_000).Select(i => i % 3 == 0 ? 0 : LogNormal(random, 0.0073, 0.4)).ToArray();
        var gain = Enumerable.Range(0, 60_000).Select(_ => LogNormal(random, 2.18, 0.2)).ToArray();

        var worst = Math.Max(AssertAccurate("loss", loss, 0, 400, WorseWhen.Larger), AssertAccurate("gain", gain, 0, 3_000, WorseWhen.Larger));

        Assert.True(worst < 1e-3);
    }

    [Fact]
    public void Statistics_ValuesSpanningElevenDecades_WithinRelativeBoundOrNearZero()
    {
        // Log-uniform from 1e-8 to 1e3 on [0, 1000]: a sixth of the values are under 1e-9 of the range and count as zero.
        var random = new Random(4);
        var values = Enumerable.Range(0, 100_000).Select(_ => Math.Pow(10, -8 + (11 * random.NextDouble()))).ToArray();

        AssertAccurate("decades, larger", values, 0, 1_000, WorseWhen.Larger);
        AssertAccurate("decades, smaller", values, 0, 1_000, WorseWhen.Smaller);
    }

    [Fact]
    public void Statistics_SignedDifferencesWithAtoms_WithinRelativeBound()
    {
        // A paired difference of a metric with range 500 (MODEL.md section 7): exact zeros, rounding noise around zero,
        // negative and positive values over many decades, and both ends of the range.
        var random = new Random(5);
        var values = Enumerable.Range(0, 100_000).Select(i => (i % 20) switch
        {
            0 or 1 or 2 or 3 => 0.0,
            4 => (random.NextDouble() - 0.5) * 1e-12,
            5 => -500,
            6 => 500,
            < 13 => -LogNormal(random, 3, 1.5),
            _ => LogNormal(random, 0.05, 3),
        }).Select(x => Math.Clamp(x, -500, 500)).ToArray();

        AssertAccurate("difference, larger", values, -500, 500, WorseWhen.Larger, MetricAccumulator.DifferenceBins);
        AssertAccurate("difference, smaller", values, -500, 500, WorseWhen.Smaller, MetricAccumulator.DifferenceBins);
        AssertAccurate("negative only", [.. values.Where(x => x < -1e-6)], -500, 500, WorseWhen.Smaller, MetricAccumulator.DifferenceBins);
    }

    [Fact]
    public void Statistics_AtomsAtBothEndsAndNearTop_WithinBounds()
    {
        // Licence-like losses (0, the whole baseline, or in between), and outputs just under full (where the absolute
        // bound, range / 16,384, is the tighter one).
        var random = new Random(6);
        var loss = Enumerable.Range(0, 50_000).Select(i => (i % 10) switch { < 3 => 0, < 5 => 400, _ => 400 * random.NextDouble() }).ToArray();
        var output = Enumerable.Range(0, 50_000).Select(i => i % 10 == 0 ? 1 : Math.Max(0, 1 - Exponential.Sample(random, 1_000))).ToArray();

        AssertAccurate("atoms, larger", loss, 0, 400, WorseWhen.Larger);
        AssertAccurate("atoms, smaller", loss, 0, 400, WorseWhen.Smaller);
        AssertAccurate("output", output, 0, 1, WorseWhen.Smaller);
    }

    [Fact]
    public void Sketch_EveryBucket_IsNarrowRelativeAndAbsolute()
    {
        // docs/model.md section 7.2: a bucket [a, b) has b - a <= 2^-9 a and b - a <= 2 range / 16,384, so its midpoint
        // is within 2^-10 and range / 16,384 of every value in it; its edges are exact doubles made from the value's
        // bits, so the same value lands in the same bucket on every machine.
        var sketch = new LogLinearHistogram(1e-7, 100, 2 * 100.0 / MetricAccumulator.Bins);
        var random = new Random(7);
        var values = Enumerable.Range(0, 20_000).Select(_ => Math.Pow(10, -7 + (9 * random.NextDouble()))).Append(0.0073).Append(100).ToArray();
        foreach (var x in values)
        {
            sketch.Increment(x);
        }

        var buckets = sketch.Occupied(descending: false).ToArray();
        Assert.Equal(values.Length, buckets.Sum(b => b.Count));
        Assert.All(buckets, b => Assert.True(b.To - b.From <= 2 * Math.Min(b.From * MetricAccumulator.RelativeError, 100.0 / MetricAccumulator.Bins), $"{b}"));
        Assert.True(buckets.Zip(buckets.Skip(1)).All(pair => pair.First.To <= pair.Second.From));
        Assert.Contains(buckets, b => b.From == 0.007293701171875 && b.To == 0.00730133056640625 && b.From <= 0.0073 && 0.0073 < b.To);
        Assert.Equal(buckets.Reverse(), sketch.Occupied(descending: true));
    }

    [Fact]
    public void Merge_AnySplitAndOrder_GivesBitIdenticalStatistics()
    {
        var random = new Random(9);
        // Signed values over many decades, exact zeros, noise near zero and both ends: every part of the accumulator.
        var values = Enumerable.Range(0, 20_000).Select(i => (i % 10) switch
        {
            0 => 0.0,
            1 => -1,
            2 => 1,
            3 => (random.NextDouble() - 0.5) * 1e-11,
            4 => -Math.Pow(10, -9 * random.NextDouble()),
            _ => (random.NextDouble() * 2) - 1,
        }).ToArray();
        var whole = new MetricAccumulator(-1, 1, WorseWhen.Larger, MetricAccumulator.DifferenceBins);
        foreach (var x in values)
        {
            whole.Add(x);
        }

        foreach (var size in new[] { 1, 777, 5_000 })
        {
            var parts = values.Chunk(size).Select(c =>
            {
                var a = new MetricAccumulator(-1, 1, WorseWhen.Larger, MetricAccumulator.DifferenceBins);
                foreach (var x in c.Reverse())
                {
                    a.Add(x);
                }
                return a;
            }).ToArray();
            random.Shuffle(parts);
            var merged = new MetricAccumulator(-1, 1, WorseWhen.Larger, MetricAccumulator.DifferenceBins);
            foreach (var part in parts)
            {
                merged.Merge(part);
            }

            Assert.Equal(whole.Statistics(), merged.Statistics());
            Assert.Equal(whole.Histogram().Counts, merged.Histogram().Counts);
        }
    }
}
