namespace SupplyShock.Core.Engine;

/// <summary>One finished point of a sweep: its value on each axis and the run there.</summary>
public sealed record SweepPoint(IReadOnlyList<decimal> Values, RunResults Results);

/// <summary>
/// The results of a sweep, shaped as sweep.json: the grid, and a run per finished point, all with the same seed and
/// trials, so every point draws the same uniforms (common random numbers) and differences between points are paired.
/// A stopped sweep keeps the points it finished, the first of <see cref="SweepGrid.Points"/> in order.
/// </summary>
public sealed record SweepResults(SweepGrid Grid, IReadOnlyList<SweepPoint> Points)
{
    public bool Complete => Points.Count == Grid.Points.Count;

    /// <summary>The scenario and run of the first point: the same at every point but for the swept overrides.</summary>
    public RunResults First => Points[0].Results;

    /// <summary>The metrics a sweep reports: the horizon metrics of MODEL.md section 6, then <c>output</c> (per end use).</summary>
    public static IReadOnlyList<string> MetricNames { get; } = [.. MetricLayout.ScalarNames, Output];

    public const string Output = "output";

    /// <summary>The statistics of a metric at a point for a policy: a horizon metric, or the output of <paramref name="endUse"/>.</summary>
    public static MetricStatistics Statistics(SweepPoint point, string policy, string metric, string? endUse = null) =>
        metric == Output ? point.Results.Policy(policy).Output[endUse!] : point.Results.Policy(policy).Metrics[metric];

    /// <summary>What a sweep reports for <paramref name="metrics"/>: each horizon metric once, <c>output</c> once per end use.</summary>
    public IEnumerable<(string Metric, string? EndUse)> Quantities(IEnumerable<string> metrics) =>
        metrics.SelectMany(m => m == Output
            ? First.Policies[0].Output.Keys.Select(e => (m, (string?)e))
            : [(m, (string?)null)]);

    /// <summary>The statistics sweep.csv and sweep.json keep of each metric: the mean and the quantiles a band is drawn from.</summary>
    public static IReadOnlyList<string> FieldNames { get; } = ["mean", "sd", "se", "p5", "p25", "p50", "p75", "p95"];

    /// <summary>The values of <see cref="FieldNames"/>, in that order.</summary>
    public static IEnumerable<(string Name, double Value)> Fields(MetricStatistics s) =>
        FieldNames.Zip([s.Mean, s.Sd, s.Se, s.P5, s.P25, s.P50, s.P75, s.P95]);

    /// <summary>Shares in [0, 1] (shown as percentages); the others are money.</summary>
    public static bool IsShare(string metric) => metric is Output or "supply_through" or "us_supply_through" or "us_revenue_lost_share";
}
