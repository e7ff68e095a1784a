namespace SupplyShock.Reporting;

using System.Globalization;
using MathNet.Numerics.Distributions;
using SupplyShock.Core.Engine;

public enum Verdict
{
    /// <summary>No difference beyond Monte Carlo error (or none at all).</summary>
    Same,

    /// <summary>A difference beyond Monte Carlo error and beyond the tolerances.</summary>
    Drift,

    /// <summary>Same scenario, seed, trials, sampler and version, yet a number differs: the program is not reproducible.</summary>
    NonDeterministic,

    /// <summary>In the candidate only.</summary>
    Added,

    /// <summary>In the baseline only.</summary>
    Removed,
}

/// <summary>
/// How much difference counts as drift. <paramref name="Sigma"/>: how many standard errors a mean may move (and,
/// at the same tail probability, how far a distribution's Kolmogorov-Smirnov distance may go) before it is drift.
/// A difference within <c>AbsTol + RelTol * |baseline|</c> is never drift, however significant.
/// </summary>
public sealed record CompareOptions(double Sigma = CompareOptions.DefaultSigma, double RelTol = 0, double AbsTol = 0, IReadOnlyList<string>? Metrics = null, IReadOnlyList<string>? Policies = null)
{
    /// <summary>
    /// 5 standard errors: a two-sided tail of 5.7e-7 per test, so that across the few hundred to few thousand tests of a
    /// scenario a run compared with itself at another seed is flagged well under 1 time in 100
    /// (docs/regression-testing.md gives the measured rates).
    /// </summary>
    public const double DefaultSigma = 5;
}

/// <summary>One compared entry: where it is, the two values shown, the test and the verdict.</summary>
public sealed record ComparisonRow(string Group, string Metric, double? Baseline, double? Candidate, string Test, Verdict Verdict)
{
    public double? Difference => Baseline is { } b && Candidate is { } c ? c - b : null;
}

public sealed record Comparison(ResultsFile Baseline, ResultsFile Candidate, bool SameRun, CompareOptions Options, IReadOnlyList<ComparisonRow> Rows)
{
    public bool Drifted => Rows.Any(r => r.Verdict != Verdict.Same);
}

/// <summary>
/// Compares two results files metric by metric. The same run identity must give identical numbers; otherwise each
/// mean is tested by its standard errors, each saved distribution by a two-sample Kolmogorov-Smirnov test on its
/// bins, and each binding share as a proportion.
/// </summary>
public static class ResultsComparer
{
    /// <summary>Why two files cannot be compared at all, or null.</summary>
    public static string? Incomparable(ResultsFile baseline, ResultsFile candidate) =>
        baseline.Identity.Scenario != candidate.Identity.Scenario
            ? $"{candidate.Path}: results of scenario '{candidate.Identity.Scenario}' cannot be compared with results of '{baseline.Identity.Scenario}' ({baseline.Path}); compare runs of the same scenario"
            : !baseline.Entries.Keys.Any(candidate.Entries.ContainsKey)
                ? $"{candidate.Path}: no policy or metric in common with {baseline.Path}"
                : null;

    public static Comparison Compare(ResultsFile baseline, ResultsFile candidate, CompareOptions options)
    {
        var sameRun = baseline.Identity == candidate.Identity;
        var rows = new List<ComparisonRow>();
        foreach (var (path, entry) in baseline.Entries)
        {
            if (!Selected(path, options))
            {
                continue;
            }
            var (group, metric) = Split(path);
            if (!candidate.Entries.TryGetValue(path, out var other))
            {
                rows.Add(new ComparisonRow(group, metric, Shown(entry), null, "only in the baseline", Verdict.Removed));
                continue;
            }
            rows.Add(sameRun ? Exact(group, metric, entry, other) : Tested(group, metric, entry, other, baseline.Trials, candidate.Trials, options));
        }
        foreach (var (path, entry) in candidate.Entries.Where(e => !baseline.Entries.ContainsKey(e.Key) && Selected(e.Key, options)))
        {
            var (group, metric) = Split(path);
            rows.Add(new ComparisonRow(group, metric, null, Shown(entry), "only in the candidate", Verdict.Added));
        }
        return new Comparison(baseline, candidate, sameRun, options, rows);
    }

    private static bool Selected(string path, CompareOptions options)
    {
        var (group, metric) = Split(path);
        var policies = group.Split(" - ");
        return (options.Policies is not { Count: > 0 } p || policies.Any(p.Contains))
            && (options.Metrics is not { Count: > 0 } m || m.Any(name => metric == name || metric.StartsWith(name + ".", StringComparison.Ordinal) || metric.StartsWith(name + "[", StringComparison.Ordinal)));
    }

    /// <summary>"policies/ban/metrics/us_revenue_lost" is (ban, us_revenue_lost); "differences/ban/partial/output/x" is (ban - partial, output.x).</summary>
    private static (string Group, string Metric) Split(string path)
    {
        var parts = path.Split('/');
        var (group, rest) = parts[0] == "differences" ? ($"{parts[1]} - {parts[2]}", parts[3..]) : (parts[1], parts[2..]);
        if (rest.Length > 1 && rest[0] == "metrics")
        {
            rest = rest[1..];
        }
        return (group, string.Join('.', rest));
    }

    private static double? Shown(ResultEntry entry) => entry switch
    {
        StatisticsEntry s => s.Statistics.Mean,
        ValueEntry v => v.Value,
        HistogramEntry h => h.Histogram.Counts.Sum(),
        _ => null,
    };

    /// <summary>Same run identity: every number must be equal to the bit.</summary>
    private static ComparisonRow Exact(string group, string metric, ResultEntry baseline, ResultEntry candidate)
    {
        var same = (baseline, candidate) switch
        {
            (StatisticsEntry a, StatisticsEntry b) => a.Statistics.Fields().Select(f => BitConverter.DoubleToInt64Bits(f.Value))
                .SequenceEqual(b.Statistics.Fields().Select(f => BitConverter.DoubleToInt64Bits(f.Value))),
            (ValueEntry a, ValueEntry b) => BitConverter.DoubleToInt64Bits(a.Value) == BitConverter.DoubleToInt64Bits(b.Value),
            (HistogramEntry a, HistogramEntry b) => a.Histogram.Lo == b.Histogram.Lo && a.Histogram.Hi == b.Histogram.Hi && a.Histogram.Counts.SequenceEqual(b.Histogram.Counts),
            _ => false,
        };
        return new ComparisonRow(group, metric, Shown(baseline), Shown(candidate), same ? "identical" : "differs in the same run", same ? Verdict.Same : Verdict.NonDeterministic);
    }

    private static ComparisonRow Tested(string group, string metric, ResultEntry baseline, ResultEntry candidate, long nb, long nc, CompareOptions options)
    {
        switch (baseline, candidate)
        {
            case (StatisticsEntry a, StatisticsEntry b):
            {
                var (x, y) = (a.Statistics, b.Statistics);
                var se = Math.Sqrt((x.Se * x.Se) + (y.Se * y.Se));
                return MeanRow(group, metric, x.Mean, y.Mean, se, options);
            }
            case (ValueEntry a, ValueEntry b):
            {
                // A binding share is a proportion of trial-periods; periods of one trial are not independent, so take n = trials.
                var se = Math.Sqrt((a.Value * (1 - a.Value) / nb) + (b.Value * (1 - b.Value) / nc));
                return MeanRow(group, metric, a.Value, b.Value, se, options);
            }
            case (HistogramEntry a, HistogramEntry b):
                return Distribution(group, metric, a.Histogram, b.Histogram, options);
            default:
                return new ComparisonRow(group, metric, Shown(baseline), Shown(candidate), "different kinds of entry", Verdict.Drift);
        }
    }

    private static ComparisonRow MeanRow(string group, string metric, double baseline, double candidate, double se, CompareOptions options)
    {
        var difference = candidate - baseline;
        var tolerance = options.AbsTol + (options.RelTol * Math.Abs(baseline)) + (1e-12 * Math.Max(1, Math.Abs(baseline)));
        if (Math.Abs(difference) <= tolerance)
        {
            return new ComparisonRow(group, metric, baseline, candidate, se > 0 ? $"z = {F(se > 0 ? difference / se : 0)}" : "equal", Verdict.Same);
        }
        if (se == 0)
        {
            return new ComparisonRow(group, metric, baseline, candidate, "no Monte Carlo error, yet different", Verdict.Drift);
        }
        var z = difference / se;
        return new ComparisonRow(group, metric, baseline, candidate, $"z = {F(z)}", Math.Abs(z) > options.Sigma ? Verdict.Drift : Verdict.Same);
    }

    /// <summary>
    /// Two-sample Kolmogorov-Smirnov on the saved bins: D = max |F_a - F_b| at the bin edges, against
    /// c(alpha) sqrt((n + m) / (n m)) with alpha the two-sided tail of <see cref="CompareOptions.Sigma"/>. Binning can
    /// only lower D, so the test keeps its false-alarm rate.
    /// </summary>
    private static ComparisonRow Distribution(string group, string metric, MetricHistogram a, MetricHistogram b, CompareOptions options)
    {
        var (n, m) = (a.Counts.Sum(), b.Counts.Sum());
        if (a.Lo != b.Lo || a.Hi != b.Hi || a.Counts.Count != b.Counts.Count)
        {
            return new ComparisonRow(group, metric, n, m, "ranges differ: not tested", Verdict.Same);
        }
        double cumulativeA = 0, cumulativeB = 0, distance = 0;
        for (var i = 0; i < a.Counts.Count; i++)
        {
            cumulativeA += a.Counts[i];
            cumulativeB += b.Counts[i];
            distance = Math.Max(distance, Math.Abs((cumulativeA / n) - (cumulativeB / m)));
        }
        var alpha = 2 * (1 - Normal.CDF(0, 1, options.Sigma));
        var critical = Math.Sqrt(-Math.Log(alpha / 2) / 2) * Math.Sqrt((double)(n + m) / (n * m));
        return new ComparisonRow(group, metric, null, null, $"KS D = {F(distance)} (limit {F(critical)})", distance > critical ? Verdict.Drift : Verdict.Same);
    }

    private static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
