namespace SupplyShock.Reporting.Tests;

using SupplyShock.Core.Engine;

/// <summary>
/// ResultsComparer's decisions on hand-made results, each expected value worked out here by hand
/// (docs/regression-testing.md says what the tests are; the numbers below are chosen to be exact in binary).
/// </summary>
public sealed class ResultsComparerTests
{
    private const string Lost = "policies/ban/metrics/us_revenue_lost";

    private static RunIdentityKey Identity(long seed) => new("Tutorial", "abc", "0.1.0", seed, 10_000, "latin-hypercube");

    private static ResultsFile File(long seed, params (string Path, ResultEntry Entry)[] entries) =>
        new($"seed-{seed}.json", Identity(seed), 10_000, entries.ToDictionary(e => e.Path, e => e.Entry));

    private static StatisticsEntry Mean(double mean, double se) =>
        new(new MetricStatistics(mean, se * 100, se, mean - 3, mean - 2, mean - 1, mean, mean, mean, mean + 1, mean + 2, mean + 3, mean + 4));

    private static ComparisonRow Single(ResultsFile baseline, ResultsFile candidate, CompareOptions? options = null) =>
        Assert.Single(ResultsComparer.Compare(baseline, candidate, options ?? new CompareOptions()).Rows);

    // Baseline se 3, candidate se 4: the difference has se sqrt(3^2 + 4^2) = 5. Baseline mean 64.
    private static ComparisonRow Shift(double candidateMean, CompareOptions? options = null) =>
        Single(File(1, (Lost, Mean(64, 3))), File(2, (Lost, Mean(candidateMean, 4))), options);

    [Fact]
    public void Compare_MeanShiftOf4Point9StandardErrors_IsSameAtDefaultSigma()
    {
        var row = Shift(64 + (4.9 * 5)); // 88.5
        Assert.Equal(Verdict.Same, row.Verdict);
        Assert.Equal("z = 4.9", row.Test);
    }

    [Fact]
    public void Compare_MeanShiftOf5Point1StandardErrors_IsDriftAtDefaultSigma()
    {
        var row = Shift(64 + (5.1 * 5)); // 89.5
        Assert.Equal(Verdict.Drift, row.Verdict);
        Assert.Equal("z = 5.1", row.Test);
        Assert.Equal(5, CompareOptions.DefaultSigma);
    }

    [Fact]
    public void Compare_MeanShiftBelowAGivenSigma_IsSame() =>
        Assert.Equal(Verdict.Same, Shift(89.5, new CompareOptions(Sigma: 5.2)).Verdict);

    [Fact]
    public void Compare_RelTolExactlyTheShift_SuppressesDrift()
    {
        // The 5.1 se shift is 25.5 = 64 * 0.3984375 (51/128, exact in binary); 25/64 = 0.390625 allows only 25.
        Assert.Equal(Verdict.Same, Shift(89.5, new CompareOptions(RelTol: 0.3984375)).Verdict);
        Assert.Equal(Verdict.Drift, Shift(89.5, new CompareOptions(RelTol: 0.390625)).Verdict);
    }

    [Fact]
    public void Compare_AbsTolExactlyTheShift_SuppressesDrift()
    {
        Assert.Equal(Verdict.Same, Shift(89.5, new CompareOptions(AbsTol: 25.5)).Verdict);
        Assert.Equal(Verdict.Drift, Shift(89.5, new CompareOptions(AbsTol: 25.25)).Verdict);
    }

    [Fact]
    public void Compare_AbsAndRelTolTogether_AddUp()
    {
        // 12.75 + 64 * 0.19921875 (51/256) = 12.75 + 12.75 = 25.5; a quarter less is drift.
        Assert.Equal(Verdict.Same, Shift(89.5, new CompareOptions(AbsTol: 12.75, RelTol: 0.19921875)).Verdict);
        Assert.Equal(Verdict.Drift, Shift(89.5, new CompareOptions(AbsTol: 12.5, RelTol: 0.19921875)).Verdict);
    }

    [Fact]
    public void Compare_SameRunIdentityOneBitDifferent_IsNonDeterministic()
    {
        var statistics = Mean(64, 3).Statistics;
        var p95 = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(statistics.P95) + 1);
        var row = Single(File(1, (Lost, Mean(64, 3))), File(1, (Lost, new StatisticsEntry(statistics with { P95 = p95 }))));
        Assert.Equal(Verdict.NonDeterministic, row.Verdict);
        Assert.Equal("differs in the same run", row.Test);
    }

    [Fact]
    public void Compare_SameRunIdentityEqualBits_IsIdentical()
    {
        // The same run is never tested statistically: even a z of 0 would not do, the bits must match.
        var row = Single(File(1, (Lost, Mean(64, 3))), File(1, (Lost, Mean(64, 3))));
        Assert.Equal(Verdict.Same, row.Verdict);
        Assert.Equal("identical", row.Test);
    }

    private const string Binding = "policies/ban/binding/phones/chip";

    [Fact]
    public void Compare_BindingShare_IsTestedAsAProportionOverTrials()
    {
        // se = sqrt(pa (1 - pa) / n + pb (1 - pb) / n) with n = 10,000 trials.
        // 0.50 -> 0.53: se = sqrt((0.25 + 0.2491) / 1e4) = 0.0070647, z = 0.03 / 0.0070647 = 4.246: same.
        // 0.50 -> 0.54: se = sqrt((0.25 + 0.2484) / 1e4) = 0.0070597, z = 0.04 / 0.0070597 = 5.666: drift.
        var near = Single(File(1, (Binding, new ValueEntry(0.5))), File(2, (Binding, new ValueEntry(0.53))));
        var far = Single(File(1, (Binding, new ValueEntry(0.5))), File(2, (Binding, new ValueEntry(0.54))));
        Assert.Equal((Verdict.Same, "z = 4.246"), (near.Verdict, near.Test));
        Assert.Equal((Verdict.Drift, "z = 5.666"), (far.Verdict, far.Test));
    }

    private const string Distribution = "policies/ban/distributions/us_revenue_lost";

    private static ComparisonRow Ks(int moved) => Single(
        File(1, (Distribution, new HistogramEntry(new MetricHistogram(0, 1, [5_000, 5_000])))),
        File(2, (Distribution, new HistogramEntry(new MetricHistogram(0, 1, [5_000 + moved, 5_000 - moved])))));

    // Two-sample Kolmogorov-Smirnov at 5 sigma: alpha / 2 = Q(5) = 2.8665157e-7 (upper normal tail), so
    // c = sqrt(-ln(Q(5)) / 2) = sqrt(15.0650 / 2) = 2.74454, and with n = m = 10,000 the limit is
    // c * sqrt(2 / 10,000) = 0.0388137. Moving k trials across the middle edge gives D = k / 10,000.
    [Fact]
    public void Compare_KsDistanceJustUnderItsCriticalValue_IsSame()
    {
        var row = Ks(388); // D = 0.0388
        Assert.Equal(Verdict.Same, row.Verdict);
        Assert.Equal("KS D = 0.039 (limit 0.039)", row.Test);
    }

    [Fact]
    public void Compare_KsDistanceJustOverItsCriticalValue_IsDrift() =>
        Assert.Equal(Verdict.Drift, Ks(389).Verdict); // D = 0.0389

    [Fact]
    public void Compare_KsCriticalValue_MatchesTheHandComputedLimit()
    {
        const double upperTailAt5 = 2.8665157187919391e-7; // Q(5), from tables of the normal distribution
        var limit = Math.Sqrt(-Math.Log(upperTailAt5) / 2) * Math.Sqrt(2.0 / 10_000);
        Assert.Equal(0.0388137, limit, 7);
        Assert.True(388 / 10_000.0 < limit && limit < 389 / 10_000.0);
    }
}
