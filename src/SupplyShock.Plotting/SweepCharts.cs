namespace SupplyShock.Plotting;

using SupplyShock.Core.Engine;
using SupplyShock.Reporting;

/// <summary>
/// The charts of a sweep: each chosen metric (output: each end use) against the first swept name, the mean as a line
/// and the 90% band (5th to 95th percentile) in each policy's colour. When no two policies' bands meet, they share one
/// plot; otherwise each policy gets a panel, all on one scale (as <see cref="Charts.OutputOverTime"/>), since
/// overlapping bands hide each other. With a second swept name, one chart per value of it, every chart of a metric on
/// the same scale: each keeps the one-name chart's shape (a file per value names that value), where a grid of
/// policies by values would shrink every panel to a stamp.
/// </summary>
public static class SweepCharts
{
    public static IReadOnlyList<ChartSpec> All(SweepResults sweep, IReadOnlyList<string> metrics)
    {
        var seconds = sweep.Grid.Axes.Count > 1
            ? sweep.Points.Select(p => (decimal?)p.Values[1]).Distinct().ToArray()
            : [null];
        return sweep.Quantities(metrics).SelectMany(q => seconds.Select(v => Chart(sweep, q.Metric, q.EndUse, v))).ToArray();
    }

    /// <summary>One metric against the first swept name, at <paramref name="second"/> on the second name when there is one.</summary>
    public static ChartSpec Chart(SweepResults sweep, string metric, string? endUse, decimal? second)
    {
        var first = sweep.First;
        var axes = sweep.Grid.Axes;
        var share = SweepResults.IsShare(metric);
        var scale = share ? 100.0 : 1.0;
        var points = sweep.Points.Where(p => second is null || p.Values[1] == second).ToArray();
        var x = points.Select(p => (double)p.Values[0]).ToArray();
        var policies = first.Policies.Select(p => p.Name).ToArray();
        MetricStatistics[] Of(string policy, IEnumerable<SweepPoint> at) => at.Select(p => SweepResults.Statistics(p, policy, metric, endUse)).ToArray();
        var stats = policies.Select(p => Of(p, points)).ToArray();

        // One scale for every chart of this metric: all points, all policies.
        var everywhere = policies.SelectMany(p => Of(p, sweep.Points)).ToArray();
        var nonNegative = everywhere.All(s => s.P5 >= 0);
        var top = everywhere.Max(s => s.P95) * scale is > 0 and var highest ? highest : double.NaN;

        var name = endUse is null ? SweepTable.Label(metric) : $"Output of {first.Scenario.Names.EndUse(endUse)}";
        var yLabel = share ? $"{(endUse is null ? name : "Output")} (% of baseline)" : $"{name} ({first.Scenario.Money})";
        var at = second is { } v ? $" at {axes[1].Name} = {SweepAxis.Text(v)}" : "";
        var ticks = Ticks(points.Select(p => p.Values[0]).ToArray(), policies.Length > 1 && Overlap(stats) ? 6 : 11);

        // In a panel the title names the policy; in a shared plot the legend must.
        ChartSeries[] Series(int i, string label) =>
        [
            new BandSeries($"{label}90% of trials", i, x, stats[i].Select(s => s.P5 * scale).ToArray(), stats[i].Select(s => s.P95 * scale).ToArray(), 0.18),
            new LineSeries($"{label}mean", i, x, stats[i].Select(s => s.Mean * scale).ToArray()),
        ];

        var fileName = $"sweep-{Charts.Slug(metric)}"
            + (endUse is null ? "" : $"-{Charts.Slug(endUse)}")
            + (second is { } s2 ? $"-{Charts.Slug(axes[1].Name)}-{Charts.Slug(SweepAxis.Text(s2))}" : "");
        // The swept name can be long (policies.partial.rules.case by case.approval): the x axis carries it, not the title.
        var title = $"{name}: mean and 90% band{at}";
        var reading = Reading(name, axes[0].Name, policies[0], points, stats[0], scale, share);
        if (policies.Length > 1 && Overlap(stats))
        {
            // A panel is small: its title names the policy and the figure's title the metric, so the axis says only the unit.
            var unit = share ? "% of baseline" : first.Scenario.Money;
            // A panel is narrow: its axis shows the place's last part; the figure's title names it whole.
            var panels = policies.Select((p, i) => new ChartSpec("", p, Short(axes[0].Name), unit, Series(i, ""), "")
            {
                NonNegativeY = nonNegative,
                YMax = top,
                XTicks = ticks,
            }).ToArray();
            return new ChartSpec(fileName, $"{title}, by policy, against {axes[0].Name}", axes[0].Name, yLabel, [], reading) { Panels = panels };
        }
        return new ChartSpec(fileName, title, axes[0].Name, yLabel, policies.SelectMany((p, i) => Series(i, $"{p}: ")).ToArray(), reading)
        {
            NonNegativeY = nonNegative,
            YMax = top,
            XTicks = ticks,
        };
    }

    /// <summary>Whether any two policies' 90% bands meet at some point, so drawn together one would hide the other.</summary>
    internal static bool Overlap(MetricStatistics[][] stats)
    {
        for (var a = 0; a < stats.Length; a++)
        {
            for (var b = a + 1; b < stats.Length; b++)
            {
                if (stats[a].Zip(stats[b]).Any(z => z.First.P5 <= z.Second.P95 && z.Second.P5 <= z.First.P95))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The swept values as ticks, at most <paramref name="most"/> evenly spaced, as --set would take them.</summary>
    private static IReadOnlyList<(double Position, string Label)> Ticks(decimal[] values, int most)
    {
        var every = (int)Math.Ceiling(values.Length / (double)most);
        return values.Where((_, i) => i % every == 0).Select(v => ((double)v, SweepAxis.Text(v))).ToArray();
    }

    private static string Reading(string name, string axis, string policy, SweepPoint[] points, MetricStatistics[] stats, double scale, bool share)
    {
        string Show(double value) => share ? Charts.Percent(value) : Charts.Money(value * scale);
        return $"Under {policy}, the mean of {name.ToLowerInvariant()} goes from {Show(stats[0].Mean)} at {axis} = {SweepAxis.Text(points[0].Values[0])} "
            + $"to {Show(stats[^1].Mean)} at {SweepAxis.Text(points[^1].Values[0])}.";
    }

    /// <summary>"approval" for "policies.partial.rules.case by case.approval" (the figure's title names the place whole).</summary>
    private static string Short(string name) => name[(name.LastIndexOf('.') + 1)..];
}
