namespace SupplyShock.Core.Tests;

using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using SupplyShock.Core.Engine;

/// <summary>MODEL.md section 7: the accumulator's statistics against exact ones on known samples.</summary>
public sealed class StatisticsTests
{
    private const double BinError = 1.0 / MetricAccumulator.Bins; // of the range: the documented bound

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

    [Fact]
    public void Merge_AnySplitAndOrder_GivesBitIdenticalStatistics()
    {
        var random = new Random(9);
        var values = Enumerable.Range(0, 5_000).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var whole = Accumulate(values, -1, 1);

        var parts = values.Chunk(777).Select(c =>
        {
            var a = new MetricAccumulator(-1, 1, WorseWhen.Larger);
            foreach (var x in c.Reverse())
            {
                a.Add(x);
            }
            return a;
        }).Reverse().ToArray();
        var merged = new MetricAccumulator(-1, 1, WorseWhen.Larger);
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        Assert.Equal(whole, merged.Statistics());
    }
}
