namespace SupplyShock.Plotting;

using SupplyShock.Core.Engine;
using SupplyShock.Core.Sensitivity;
using SupplyShock.Reporting;

/// <summary>The charts of a sensitivity analysis, as data: a tornado per policy and metric (rank), or first-order and total bars (Sobol).</summary>
public static class SensitivityCharts
{
    /// <summary>Inputs shown in one chart: the most influential, so the labels stay readable.</summary>
    public const int Shown = 12;

    public static IReadOnlyList<ChartSpec> All(SensitivityResult result, string money, EntityNames names) =>
        result.Metrics.Select(m => m.Rank is not null ? Tornado(result, m, money, names) : Sobol(result, m, names)).ToArray();

    /// <summary>A metric as a reader names it: "Lost US revenue", "Output of Consumer handsets".</summary>
    public static string Label(string metric, EntityNames names) => metric switch
    {
        "us_revenue_lost" => "Lost US revenue",
        "us_revenue_lost_share" => "Share of US baseline lost",
        "supply_through" => "Supply through",
        "us_supply_through" => "US supply through",
        "foreign_gain" => "Foreign gain",
        _ when metric.StartsWith("output.", StringComparison.Ordinal) => $"Output of {names.EndUse(metric["output.".Length..])}",
        _ => metric,
    };

    private static string FileName(string kind, MetricSensitivity m) => $"{kind}-{Charts.Slug(m.Policy)}-{Charts.Slug(m.Metric)}";

    private static string Unit(string metric, string money) => metric.StartsWith("output.", StringComparison.Ordinal) || metric.Contains("share") || metric.Contains("through")
        ? "share of baseline"
        : money;

    /// <summary>
    /// A tornado: for each input, largest swing on top, a bar from the metric's mean over the trials where the input is
    /// in its lowest tenth to its mean where the input is in its highest tenth, around a line at the overall mean.
    /// </summary>
    public static ChartSpec Tornado(SensitivityResult result, MetricSensitivity m, string money, EntityNames names)
    {
        var label = Label(m.Metric, names);
        var rank = m.Rank!;
        var shown = result.Inputs.Select((name, i) => (name, r: rank.Inputs[i])).OrderByDescending(x => x.r.Swing).ThenBy(x => x.name, StringComparer.Ordinal).Take(Shown).ToArray();
        var rows = shown.Select((_, k) => (double)-k).ToArray();
        (string name, InputRank r)? top = shown.Length == 0 ? null : shown[0];
        return new ChartSpec(
            FileName("tornado", m),
            $"What moves {label} under {m.Policy}",
            $"{label} ({Unit(m.Metric, money)}): mean over the trials in each input's lowest and highest tenth",
            "",
            [
                new ReferenceSeries("mean over all trials", [rank.Mean, rank.Mean], [0.6, -(shown.Length - 1) - 0.6]),
                new RangeSeries("lowest tenth of the input", "highest tenth of the input", rows, rank.Mean, shown.Select(x => x.r.LowTenthMean).ToArray(), shown.Select(x => x.r.HighTenthMean).ToArray()),
            ],
            top is null
                ? "No input varies."
                : $"{top.Value.name} moves {label} under {m.Policy} most: from {Charts.Money(top.Value.r.LowTenthMean)} when it is in its lowest tenth to {Charts.Money(top.Value.r.HighTenthMean)} in its highest (mean {Charts.Money(rank.Mean)}; Spearman rho {top.Value.r.Rho:0.00}).")
        {
            YTicks = shown.Select((x, k) => ((double)-k, x.name)).ToArray(),
        };
    }

    /// <summary>First-order and total indices per group, largest total on top, each with its 95% bootstrap interval.</summary>
    public static ChartSpec Sobol(SensitivityResult result, MetricSensitivity m, EntityNames names)
    {
        var label = Label(m.Metric, names);
        var sobol = m.Sobol!;
        var shown = result.Inputs.Select((name, i) => (name, g: sobol.Groups[i])).OrderByDescending(x => x.g.Total).ThenBy(x => x.name, StringComparer.Ordinal).Take(Shown).ToArray();
        BarSeries Bars(string name, int style, double offset, Func<SobolIndex, (double Value, ConfidenceInterval Interval)> pick) => new(
            name,
            style,
            shown.Select((_, k) => -k + offset).ToArray(),
            shown.Select(x => pick(x.g).Value).ToArray(),
            shown.Select(x => pick(x.g).Interval.Lower).ToArray(),
            shown.Select(x => pick(x.g).Interval.Upper).ToArray());
        var top = shown.FirstOrDefault();
        return new ChartSpec(
            FileName("sobol", m),
            $"What moves {label} under {m.Policy}: Sobol indices",
            "Share of the variance explained (95% intervals)",
            "",
            [Bars("first order (alone)", 0, 0.2, g => (g.First, g.FirstInterval)), Bars("total (with interactions)", 1, -0.2, g => (g.Total, g.TotalInterval))],
            top.name is null
                ? "No group."
                : $"{top.name} explains {Charts.Percent(top.g.First)} of the variance of {label} under {m.Policy} alone and {Charts.Percent(top.g.Total)} with its interactions.")
        {
            YTicks = shown.Select((x, k) => ((double)-k, x.name)).ToArray(),
            Horizontal = true,
            NonNegativeX = true,
        };
    }
}
