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

    /// <summary>A difference the comparer cannot test (two distributions over different ranges): shown and counted, never called same.</summary>
    NotTested,
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
    /// <summary>Whether the headline metrics were tested trial by trial, and why (or why not).</summary>
    public Pairing Pairing { get; init; } = Pairing.NoFiles;

    /// <summary>Something moved: any verdict but same and not tested (a difference that cannot be tested does not fail a check).</summary>
    public bool Drifted => Rows.Any(r => r.Verdict is not (Verdict.Same or Verdict.NotTested));

    public int NotTested => Rows.Count(r => r.Verdict == Verdict.NotTested);
}

/// <summary>
/// Whether a comparison used the per-trial files, over how many (first) trials, and why or why not. Paired when both
/// sides have a per-trial file of their own run and the two runs share scenario structure, seed, trials and sampler:
/// trial k then drew the same inputs on both sides (MODEL.md section 7), so a difference is the edit alone.
/// </summary>
public sealed record Pairing(bool Used, long Trials, string Reason)
{
    public static Pairing NoFiles { get; } = new(false, 0, "no per-trial files (run with --save-trials)");
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

    /// <summary>Whether <paramref name="baselineTrials"/> and <paramref name="candidateTrials"/> (either may be null) allow a paired test.</summary>
    public static Pairing Pair(ResultsFile baseline, ResultsFile candidate, TrialsFile? baselineTrials, TrialsFile? candidateTrials)
    {
        if (baselineTrials is null || candidateTrials is null)
        {
            return baselineTrials is null && candidateTrials is null
                ? Pairing.NoFiles
                : new Pairing(false, 0, $"no per-trial file for the {(baselineTrials is null ? "baseline" : "candidate")}");
        }
        foreach (var (results, trials) in new[] { (baseline, baselineTrials), (candidate, candidateTrials) })
        {
            var (r, t) = (results.Identity, trials.Identity);
            if (t.Sha256 != r.Sha256 || t.Seed != r.Seed || t.Trials != r.Trials || t.Sampler != r.Sampler || t.Version != r.Version)
            {
                return new Pairing(false, 0, $"{trials.Path} is not from the run of {results.Path} (seed {t.Seed}, {N0(t.Trials)} trials); save both again");
            }
        }
        var (b, c) = (baselineTrials.Identity, candidateTrials.Identity);
        var differ = new List<string>();
        if (b.Structure != c.Structure)
        {
            differ.Add("the scenario structure differs (entities, policies or uncertain inputs)");
        }
        if (b.Seed != c.Seed)
        {
            differ.Add($"seeds differ ({b.Seed} and {c.Seed})");
        }
        if (b.Trials != c.Trials)
        {
            differ.Add($"trials differ ({N0(b.Trials)} and {N0(c.Trials)})");
        }
        if (b.Sampler != c.Sampler)
        {
            differ.Add($"samplers differ ({b.Sampler} and {c.Sampler})");
        }
        if (differ.Count > 0)
        {
            return new Pairing(false, 0, string.Join("; ", differ));
        }
        var n = Math.Min(b.Saved, c.Saved);
        var saved = n < b.Trials ? $", over the first {N0(n)} (the trials both files keep)" : "";
        return new Pairing(true, n, $"same scenario structure, seed {b.Seed}, {N0(b.Trials)} trials and sampler{saved}");
    }

    public static Comparison Compare(ResultsFile baseline, ResultsFile candidate, CompareOptions options, TrialsFile? baselineTrials = null, TrialsFile? candidateTrials = null)
    {
        var sameRun = baseline.Identity == candidate.Identity;
        var pairing = Pair(baseline, candidate, baselineTrials, candidateTrials);
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
            var paired = sameRun || !pairing.Used ? null : PerTrialDifferences(path, metric, baselineTrials!, candidateTrials!, (int)pairing.Trials);
            rows.Add(
                sameRun ? Exact(group, metric, entry, other)
                : paired is not null && (entry, other) is (StatisticsEntry a, StatisticsEntry b) ? Paired(group, metric, a.Statistics, b.Statistics, paired, options)
                : Tested(group, metric, entry, other, baseline.Trials, candidate.Trials, options));
        }
        foreach (var (path, entry) in candidate.Entries.Where(e => !baseline.Entries.ContainsKey(e.Key) && Selected(e.Key, options)))
        {
            var (group, metric) = Split(path);
            rows.Add(new ComparisonRow(group, metric, null, Shown(entry), "only in the candidate", Verdict.Added));
        }
        return new Comparison(baseline, candidate, sameRun, options, rows) { Pairing = pairing };
    }

    /// <summary>
    /// d_k = candidate_k - baseline_k over the first <paramref name="n"/> trials, for a headline metric of a policy
    /// (<c>policies/P/...</c>) or of a pair of policies (<c>differences/A/B/...</c>, where each side is A - B trial by
    /// trial); null when the files do not hold that metric.
    /// </summary>
    private static double[]? PerTrialDifferences(string path, string metric, TrialsFile baseline, TrialsFile candidate, int n)
    {
        var parts = path.Split('/');
        double[]? Side(TrialsFile file) => parts[0] == "differences"
            ? file.Outcome(parts[1], metric) is { } a && file.Outcome(parts[2], metric) is { } b ? [.. a.Zip(b, (x, y) => x - y)] : null
            : file.Outcome(parts[1], metric);
        if (Side(baseline) is not { } before || Side(candidate) is not { } after)
        {
            return null;
        }
        return [.. after.Take(n).Zip(before.Take(n), (c, b) => c - b)];
    }

    /// <summary>
    /// The paired test (same draws in trial k on both sides): identical when every d_k is 0; otherwise z = mean(d) / se,
    /// se = sd(d) / sqrt(n) with the sample sd (n - 1), judged as any mean is (tolerances, then |z| against sigma).
    /// </summary>
    private static ComparisonRow Paired(string group, string metric, MetricStatistics baseline, MetricStatistics candidate, double[] d, CompareOptions options)
    {
        var n = d.Length;
        var differing = d.Count(x => x != 0);
        if (differing == 0)
        {
            return new ComparisonRow(group, metric, baseline.Mean, candidate.Mean, $"identical in all {N0(n)} trials (paired)", Verdict.Same);
        }
        var mean = d.Average();
        var variance = n > 1 ? d.Sum(x => (x - mean) * (x - mean)) / (n - 1) : 0;
        var se = Math.Sqrt(variance / n);
        return MeanRow(group, metric, baseline.Mean, candidate.Mean, mean, se, options, z => $"paired z = {F(z)} ({N0(differing)} of {N0(n)} trials differ)");
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
                return MeanRow(group, metric, x.Mean, y.Mean, y.Mean - x.Mean, se, options, Z);
            }
            case (ValueEntry a, ValueEntry b):
            {
                // A binding share is a proportion of trial-periods; periods of one trial are not independent, so take n = trials.
                var se = Math.Sqrt((a.Value * (1 - a.Value) / nb) + (b.Value * (1 - b.Value) / nc));
                return MeanRow(group, metric, a.Value, b.Value, b.Value - a.Value, se, options, Z);
            }
            case (HistogramEntry a, HistogramEntry b):
                return Distribution(group, metric, a.Histogram, b.Histogram, options);
            default:
                return new ComparisonRow(group, metric, Shown(baseline), Shown(candidate), "different kinds of entry", Verdict.Drift);
        }
    }

    private static string Z(double z) => $"z = {F(z)}";

    /// <summary>A difference of means against its standard error; <paramref name="test"/> words the z it is given.</summary>
    private static ComparisonRow MeanRow(string group, string metric, double baseline, double candidate, double difference, double se, CompareOptions options, Func<double, string> test)
    {
        var tolerance = options.AbsTol + (options.RelTol * Math.Abs(baseline)) + (1e-12 * Math.Max(1, Math.Abs(baseline)));
        if (Math.Abs(difference) <= tolerance)
        {
            return new ComparisonRow(group, metric, baseline, candidate, se > 0 ? test(difference / se) : "equal", Verdict.Same);
        }
        if (se == 0)
        {
            return new ComparisonRow(group, metric, baseline, candidate, "no Monte Carlo error, yet different", Verdict.Drift);
        }
        var z = difference / se;
        return new ComparisonRow(group, metric, baseline, candidate, test(z), Math.Abs(z) > options.Sigma ? Verdict.Drift : Verdict.Same);
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
            return new ComparisonRow(group, metric, n, m, $"ranges differ ([{F(a.Lo)}, {F(a.Hi)}] and [{F(b.Lo)}, {F(b.Hi)}]): not tested", Verdict.NotTested);
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

    private static string N0(long x) => x.ToString("N0", CultureInfo.InvariantCulture);
}
