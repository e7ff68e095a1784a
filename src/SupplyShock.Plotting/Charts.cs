namespace SupplyShock.Plotting;

using System.Globalization;
using SupplyShock.Core.Engine;
using SupplyShock.Reporting;

/// <summary>A series of a chart, in data terms: what is drawn, before any pixel. <c>Style</c> is the policy's index (colour and pattern).</summary>
public abstract record ChartSeries(string Name, int Style);

public sealed record LineSeries(string Name, int Style, double[] X, double[] Y) : ChartSeries(Name, Style);

/// <summary>A shaded band between Low and High; Opacity lets a 90% band sit under a 50% one.</summary>
public sealed record BandSeries(string Name, int Style, double[] X, double[] Low, double[] High, double Opacity) : ChartSeries(Name, Style);

/// <summary>A vertical marker line at X (a median or an interval end), solid or dashed.</summary>
public sealed record MarkerLine(string Name, int Style, double X, bool Dashed) : ChartSeries(Name, Style);

/// <summary>Bars at Positions with whiskers from Low to High (a 90% interval); horizontal bars when the chart says so.</summary>
public sealed record BarSeries(string Name, int Style, double[] Positions, double[] Values, double[] Low, double[] High) : ChartSeries(Name, Style);

/// <summary>Points with intervals in both directions.</summary>
public sealed record PointSeries(string Name, int Style, double[] X, double[] Y, double[] XLow, double[] XHigh, double[] YLow, double[] YHigh) : ChartSeries(Name, Style);

/// <summary>A neutral reference line (grey, dashed), such as the diagonal where loss equals gain.</summary>
public sealed record ReferenceSeries(string Name, double[] X, double[] Y) : ChartSeries(Name, 0);

/// <summary>A grid of shares: Rows x Columns, each value in [0, 1].</summary>
public sealed record HeatmapSeries(string Name, double[,] Values, string[] Rows, string[] Columns) : ChartSeries(Name, 0);

/// <summary>
/// One chart as data: file name, title, axis labels (with units), category ticks, series, and a one-line reading
/// for the report. Built from a saved results file only, so <c>supplyshock plot DIR</c> redraws without a run.
/// </summary>
public sealed record ChartSpec(
    string FileName,
    string Title,
    string XLabel,
    string YLabel,
    IReadOnlyList<ChartSeries> Series,
    string Reading)
{
    public IReadOnlyList<(double Position, string Label)> XTicks { get; init; } = [];

    public IReadOnlyList<(double Position, string Label)> YTicks { get; init; } = [];

    public bool Horizontal { get; init; }
}

/// <summary>Builds every chart of issue 5 from a results file.</summary>
public static class Charts
{
    public static IReadOnlyList<ChartSpec> All(RunResults r)
    {
        var charts = new List<ChartSpec> { LostDistribution(r), Exceedance(r) };
        if (r.Differences.Count > 0)
        {
            charts.Add(PairedDifferences(r));
        }
        charts.Add(OutputByEndUse(r));
        charts.AddRange(r.Policies[0].OutputByPeriod.Keys.Select(e => OutputOverTime(r, e)));
        charts.Add(LostBySupplier(r));
        charts.AddRange(r.Policies.Select(p => Binding(r, p)).OfType<ChartSpec>());
        charts.Add(LossAgainstGain(r));
        return charts;
    }

    /// <summary>A saved histogram as shares of trials per bin: x at bin centres, y in percent of trials.</summary>
    internal static (double[] X, double[] Y) Density(MetricHistogram h)
    {
        var n = h.Counts.Count;
        var width = (h.Hi - h.Lo) / n;
        var total = (double)h.Counts.Sum();
        var x = Enumerable.Range(0, n).Select(i => h.Lo + ((i + 0.5) * width)).ToArray();
        var y = h.Counts.Select(c => total > 0 ? 100 * c / total : 0).ToArray();
        return Trim(x, y);
    }

    private static string BinLabel(RunResults r, MetricHistogram? h) =>
        h is not null ? $"% of trials per bin of {Money((h.Hi - h.Lo) / h.Counts.Count)} {r.Scenario.Money}" : "% of trials";

    /// <summary>Keeps the part of the range that holds the distribution (and one empty bin either side).</summary>
    private static (double[] X, double[] Y) Trim(double[] x, double[] y)
    {
        var first = Math.Max(0, Array.FindIndex(y, v => v > 0) - 1);
        var last = Math.Min(y.Length - 1, Array.FindLastIndex(y, v => v > 0) + 1);
        return last < first ? (x, y) : (x[first..(last + 1)], y[first..(last + 1)]);
    }

    public static ChartSpec LostDistribution(RunResults r)
    {
        var series = new List<ChartSeries>();
        for (var i = 0; i < r.Policies.Count; i++)
        {
            var policy = r.Policies[i];
            if (policy.Distributions.Metrics.GetValueOrDefault("us_revenue_lost") is { } h)
            {
                var (x, y) = Density(h);
                series.Add(new LineSeries(policy.Name, i, x, y));
            }
            var s = policy.Metrics["us_revenue_lost"];
            series.Add(new MarkerLine($"{policy.Name} median", i, s.P50, Dashed: false));
            series.Add(new MarkerLine($"{policy.Name} 5th percentile", i, s.P5, Dashed: true));
            series.Add(new MarkerLine($"{policy.Name} 95th percentile", i, s.P95, Dashed: true));
        }
        var first = r.Policies[0].Metrics["us_revenue_lost"];
        var money = r.Scenario.Money;
        return new ChartSpec(
            "lost-us-revenue-distribution",
            "Lost US revenue over the horizon, by policy",
            $"Lost US revenue ({money})",
            BinLabel(r, r.Policies[0].Distributions.Metrics.GetValueOrDefault("us_revenue_lost")),
            series,
            $"Under {r.Policies[0].Name}, US suppliers lose {Money(first.P50)} {money} in the median trial (90% of trials between {Money(first.P5)} and {Money(first.P95)}); solid lines mark medians, dashed lines the 5th and 95th percentiles.");
    }

    public static ChartSpec Exceedance(RunResults r)
    {
        var series = new List<ChartSeries>();
        for (var i = 0; i < r.Policies.Count; i++)
        {
            if (r.Policies[i].Distributions.Metrics.GetValueOrDefault("us_revenue_lost") is not { } h)
            {
                continue;
            }
            var n = h.Counts.Count;
            var width = (h.Hi - h.Lo) / n;
            var total = (double)h.Counts.Sum();
            var x = new List<double> { h.Lo };
            var y = new List<double> { 1 };
            var below = 0.0;
            for (var b = 0; b < n; b++)
            {
                below += h.Counts[b];
                x.Add(h.Lo + ((b + 1) * width));
                y.Add(1 - (below / total));
            }
            var (tx, ty) = TrimExceedance([.. x], [.. y]);
            series.Add(new LineSeries(r.Policies[i].Name, i, tx, ty));
        }
        var s = r.Policies[0].Metrics["us_revenue_lost"];
        return new ChartSpec(
            "lost-us-revenue-exceedance",
            "Chance that lost US revenue exceeds a given amount",
            $"Lost US revenue ({r.Scenario.Money})",
            "Probability of exceeding",
            series,
            $"Read across from a loss on the horizontal axis: under {r.Policies[0].Name} there is a 5% chance that US suppliers lose more than {Money(s.P95)} {r.Scenario.Money}.");
    }

    private static (double[] X, double[] Y) TrimExceedance(double[] x, double[] y)
    {
        var first = Math.Max(0, Array.FindLastIndex(y, v => v >= 1) - 1);
        var last = Math.Min(y.Length - 1, Array.FindIndex(y, v => v <= 0) + 1);
        return last <= first || last < 0 ? (x, y) : (x[first..(last + 1)], y[first..(last + 1)]);
    }

    public static ChartSpec PairedDifferences(RunResults r)
    {
        var series = new List<ChartSeries>();
        for (var k = 0; k < r.Differences.Count; k++)
        {
            var d = r.Differences[k];
            if (d.Distributions.Metrics.GetValueOrDefault("us_revenue_lost") is { } h)
            {
                // Pairs are not policies: each gets a style of its own, after the policies' styles.
                var (x, y) = Density(h);
                series.Add(new LineSeries($"{d.A} - {d.B}", r.Policies.Count + k, x, y));
            }
        }
        var first = r.Differences[0];
        var s = first.Metrics["us_revenue_lost"];
        return new ChartSpec(
            "paired-differences",
            "Difference in lost US revenue between policies, trial by trial",
            $"Lost US revenue, first policy minus second ({r.Scenario.Money})",
            BinLabel(r, first.Distributions.Metrics.GetValueOrDefault("us_revenue_lost")),
            series,
            $"On the same trials, {first.A} costs US suppliers {Money(s.Mean)} {r.Scenario.Money} more than {first.B} on average (90% of trials between {Money(s.P5)} and {Money(s.P95)}); a curve right of zero means the first policy costs more.");
    }

    public static ChartSpec OutputByEndUse(RunResults r)
    {
        var endUses = r.Policies[0].Output.Keys.ToArray();
        var names = r.Scenario.Names;
        var series = new List<ChartSeries>();
        var groupWidth = 0.8 / r.Policies.Count;
        for (var i = 0; i < r.Policies.Count; i++)
        {
            var stats = endUses.Select(e => r.Policies[i].Output[e]).ToArray();
            series.Add(new BarSeries(
                r.Policies[i].Name,
                i,
                Enumerable.Range(0, endUses.Length).Select(e => e - 0.4 + ((i + 0.5) * groupWidth)).ToArray(),
                stats.Select(s => s.Mean * 100).ToArray(),
                stats.Select(s => s.P5 * 100).ToArray(),
                stats.Select(s => s.P95 * 100).ToArray()));
        }
        var lowest = r.Policies.SelectMany(p => endUses.Select(e => (p: p.Name, e, s: p.Output[e]))).MinBy(x => x.s.Mean);
        return new ChartSpec(
            "output-by-end-use",
            "Output of each end use, by policy (mean over the horizon, 90% interval)",
            "End use",
            "Output (% of baseline)",
            series,
            $"The lowest average output is {names.EndUse(lowest.e)} under {lowest.p}: {Percent(lowest.s.Mean)} of baseline (90% interval {Percent(lowest.s.P5)} to {Percent(lowest.s.P95)}).")
        {
            XTicks = endUses.Select((e, i) => ((double)i, names.EndUse(e))).ToArray(),
        };
    }

    public static ChartSpec OutputOverTime(RunResults r, string endUse)
    {
        var series = new List<ChartSeries>();
        var periods = r.Scenario.PeriodLabels;
        var name = r.Scenario.Names.EndUse(endUse);
        double[] x = [];
        for (var i = 0; i < r.Policies.Count; i++)
        {
            var stats = r.Policies[i].OutputByPeriod[endUse];
            x = Enumerable.Range(0, stats.Count).Select(t => (double)t).ToArray();
            series.Add(new BandSeries($"{r.Policies[i].Name} 90%", i, x, stats.Select(s => s.P5 * 100).ToArray(), stats.Select(s => s.P95 * 100).ToArray(), 0.12));
            series.Add(new BandSeries($"{r.Policies[i].Name} 50%", i, x, stats.Select(s => s.P25 * 100).ToArray(), stats.Select(s => s.P75 * 100).ToArray(), 0.25));
            series.Add(new LineSeries(r.Policies[i].Name, i, x, stats.Select(s => s.P50 * 100).ToArray()));
        }
        var last = r.Policies[0].OutputByPeriod[endUse][^1];
        return new ChartSpec(
            $"output-over-time-{Slug(endUse)}",
            $"Output of {name} over time: median, 50% and 90% bands",
            "Period",
            "Output (% of baseline)",
            series,
            $"Under {r.Policies[0].Name}, {name} output in the last period ({periods.ElementAtOrDefault(x.Length - 1)}) is {Percent(last.P50)} of baseline in the median trial (90% band {Percent(last.P5)} to {Percent(last.P95)}).")
        {
            XTicks = x.Select(t => (t, periods.ElementAtOrDefault((int)t) ?? $"t{t}")).ToArray(),
        };
    }

    public static ChartSpec LostBySupplier(RunResults r, int top = 15)
    {
        var names = r.Scenario.Names;
        var suppliers = r.Policies[0].LostBySupplier.Keys
            .Select(s => (Id: s, Loss: r.Policies.Max(p => p.LostBySupplier[s].Mean)))
            .Where(s => s.Loss > 0).OrderByDescending(s => s.Loss).Take(top).ToArray();
        var series = new List<ChartSeries>();
        var groupWidth = 0.8 / r.Policies.Count;
        for (var i = 0; i < r.Policies.Count; i++)
        {
            // Largest first, at the top: position 0 is the largest loss.
            var stats = suppliers.Select(s => r.Policies[i].LostBySupplier[s.Id]).ToArray();
            series.Add(new BarSeries(
                r.Policies[i].Name,
                i,
                suppliers.Select((_, k) => -k - 0.4 + ((i + 0.5) * groupWidth)).ToArray(),
                stats.Select(s => s.Mean).ToArray(),
                stats.Select(s => s.P5).ToArray(),
                stats.Select(s => s.P95).ToArray()));
        }
        var biggest = suppliers.FirstOrDefault();
        return new ChartSpec(
            "lost-revenue-by-supplier",
            $"Lost revenue by supplier, largest first (top {suppliers.Length}, mean and 90% interval)",
            $"Lost revenue over the horizon ({r.Scenario.Money})",
            "Supplier",
            series,
            biggest.Id is null ? "No supplier loses revenue under any policy." : $"{names.Supplier(biggest.Id)} loses the most: up to {Money(biggest.Loss)} {r.Scenario.Money} on average under the strictest policy.")
        {
            YTicks = suppliers.Select((s, k) => ((double)-k, names.Supplier(s.Id))).ToArray(),
            Horizontal = true,
        };
    }

    public static ChartSpec? Binding(RunResults r, PolicyResults policy)
    {
        var names = r.Scenario.Names;
        var endUses = policy.Binding.Keys.ToArray();
        if (endUses.Length == 0)
        {
            return null;
        }
        var components = endUses.SelectMany(e => policy.Binding[e].Keys).Distinct().ToArray();
        var values = new double[components.Length, endUses.Length];
        for (var c = 0; c < components.Length; c++)
        {
            for (var e = 0; e < endUses.Length; e++)
            {
                values[c, e] = policy.Binding[endUses[e]].TryGetValue(components[c], out var v) ? v : double.NaN;
            }
        }
        var top = Enumerable.Range(0, components.Length).SelectMany(c => Enumerable.Range(0, endUses.Length).Select(e => (c, e)))
            .Where(x => !double.IsNaN(values[x.c, x.e])).MaxBy(x => values[x.c, x.e]);
        if (components.Length == 0 || !(values[top.c, top.e] > 0))
        {
            return null; // nothing ever binds under this policy: no chart to read
        }
        return new ChartSpec(
            $"binding-constraints-{Slug(policy.Name)}",
            $"Which input limits output under {policy.Name} (share of trial-periods)",
            "End use",
            "Component",
            [new HeatmapSeries(policy.Name, values, components.Select(names.Component).ToArray(), endUses.Select(names.EndUse).ToArray())],
            $"Under {policy.Name}, {names.Component(components[top.c])} limits {names.EndUse(endUses[top.e])} most often: in {Percent(values[top.c, top.e])} of trial-periods.")
        {
            XTicks = endUses.Select((e, i) => ((double)i, names.EndUse(e))).ToArray(),
            YTicks = components.Select((c, i) => ((double)i, names.Component(c))).ToArray(),
        };
    }

    public static ChartSpec LossAgainstGain(RunResults r)
    {
        var series = new List<ChartSeries>();
        for (var i = 0; i < r.Policies.Count; i++)
        {
            var loss = r.Policies[i].Metrics["us_revenue_lost"];
            var gain = r.Policies[i].Metrics["foreign_gain"];
            series.Add(new PointSeries(r.Policies[i].Name, i, [gain.Mean], [loss.Mean], [gain.P5], [gain.P95], [loss.P5], [loss.P95]));
        }
        var top = series.OfType<PointSeries>().Max(p => Math.Max(p.XHigh[0], p.YHigh[0]));
        series.Insert(0, new ReferenceSeries("loss = gain", [0, top], [0, top]));
        var first = r.Policies[0].Metrics["us_revenue_lost"];
        var firstGain = r.Policies[0].Metrics["foreign_gain"];
        var money = r.Scenario.Money;
        return new ChartSpec(
            "us-loss-against-foreign-gain",
            "US suppliers' loss against foreign suppliers' gain, by policy (mean, 90% intervals)",
            $"Foreign gain ({money})",
            $"Lost US revenue ({money})",
            series,
            $"Under {r.Policies[0].Name}, US suppliers lose {Money(first.Mean)} {money} while non-US substitutes gain {Money(firstGain.Mean)}: a point above the diagonal means more is lost to the buyer than moves to other sellers.");
    }

    internal static string Slug(string text) => new(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    internal static string Money(double x) => Math.Abs(x) >= 100
        ? x.ToString("#,0", CultureInfo.InvariantCulture)
        : x.ToString("0.##", CultureInfo.InvariantCulture);

    internal static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
