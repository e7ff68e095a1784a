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

/// <summary>
/// Horizontal intervals, one row per position (a forest plot): a thin line over the 90% interval, a thick one over
/// the 50% interval and a mark at the mean.
/// </summary>
public sealed record IntervalSeries(string Name, int Style, double[] Positions, double[] Mean, double[] Low90, double[] High90, double[] Low50, double[] High50)
    : ChartSeries(Name, Style);

/// <summary>
/// A tornado's bars, one row per position: from <paramref name="Center"/> to the value at the input's lowest tenth
/// (<paramref name="LowName"/>, the first style) and to its highest tenth (<paramref name="HighName"/>, the second).
/// </summary>
public sealed record RangeSeries(string LowName, string HighName, double[] Positions, double Center, double[] Low, double[] High) : ChartSeries(LowName, 0);

/// <summary>A neutral reference line (grey, dashed), such as the diagonal where loss equals gain or the zero of a difference.</summary>
public sealed record ReferenceSeries(string Name, double[] X, double[] Y) : ChartSeries(Name, 0);

/// <summary>A grid of shares: Rows x Columns, each value in [0, 1].</summary>
public sealed record HeatmapSeries(string Name, double[,] Values, string[] Rows, string[] Columns) : ChartSeries(Name, 0);

/// <summary>
/// One chart as data: file name, title, axis labels (with units), category ticks, series, and a one-line reading
/// for the report. Built from saved results only, so <c>supplyshock plot DIR</c> redraws without a run. A chart with
/// <see cref="Panels"/> is small multiples: each panel a chart of its own (file name and reading unused), drawn in a grid
/// under the chart's title.
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

    /// <summary>The quantity on this axis cannot be negative (money lost, a share, a probability): the axis starts at 0.</summary>
    public bool NonNegativeX { get; init; }

    /// <summary>As <see cref="NonNegativeX"/>, for the vertical axis.</summary>
    public bool NonNegativeY { get; init; }

    /// <summary>An upper end the vertical axis must show (a shared scale across panels); NaN to fit the data.</summary>
    public double YMax { get; init; } = double.NaN;

    public IReadOnlyList<ChartSpec> Panels { get; init; } = [];
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
            $"Under {r.Policies[0].Name}, US suppliers lose {Amount(r, first.P50)} in the median trial (90% of trials between {ReportNumbers.Rounded(first.P5)} and {ReportNumbers.Rounded(first.P95)}); solid lines mark medians, dashed lines the 5th and 95th percentiles.")
        {
            NonNegativeX = true,
            NonNegativeY = true,
        };
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
            $"Read across from a loss on the horizontal axis: under {r.Policies[0].Name} there is a 5% chance that US suppliers lose more than {Amount(r, s.P95)}.")
        {
            NonNegativeX = true,
            NonNegativeY = true,
            YMax = 1,
        };
    }

    private static (double[] X, double[] Y) TrimExceedance(double[] x, double[] y)
    {
        var first = Math.Max(0, Array.FindLastIndex(y, v => v >= 1) - 1);
        var last = Math.Min(y.Length - 1, Array.FindIndex(y, v => v <= 0) + 1);
        return last <= first || last < 0 ? (x, y) : (x[first..(last + 1)], y[first..(last + 1)]);
    }

    /// <summary>
    /// Lost US revenue of A minus B, trial by trial, for every pair: a forest plot (one row per pair, top first) with a
    /// zero line, so a dozen pairs read as easily as one; a 90% interval clear of zero means at least 95% of trials agree on the sign.
    /// </summary>
    public static ChartSpec PairedDifferences(RunResults r)
    {
        var stats = r.Differences.Select(d => d.Metrics["us_revenue_lost"]).ToArray();
        var rows = r.Differences.Select((_, k) => (double)-k).ToArray();
        var series = new List<ChartSeries>
        {
            new ReferenceSeries("no difference", [0, 0], [0.6, -(r.Differences.Count - 1) - 0.6]),
            new IntervalSeries(
                "A - B",
                0,
                rows,
                stats.Select(s => s.Mean).ToArray(),
                stats.Select(s => s.P5).ToArray(),
                stats.Select(s => s.P95).ToArray(),
                stats.Select(s => s.P25).ToArray(),
                stats.Select(s => s.P75).ToArray()),
        };
        var first = r.Differences[0];
        var s0 = stats[0];
        var clear = r.Differences.Where((_, k) => stats[k].P5 > 0 || stats[k].P95 < 0).Select(d => $"{d.A} - {d.B}").ToArray();
        var agreement = clear.Length == r.Differences.Count
            ? "For every pair the 90% interval excludes zero: at least 95% of trials agree on the sign."
            : clear.Length == 0
                ? "For no pair does the 90% interval exclude zero."
                : $"The 90% interval excludes zero (at least 95% of trials agree on the sign) for {string.Join(", ", clear)}.";
        return new ChartSpec(
            "paired-differences",
            "Difference in lost US revenue between policies, trial by trial (mean, 50% and 90% intervals)",
            $"Lost US revenue, A minus B ({r.Scenario.Money})",
            "",
            series,
            $"On the same trials, {first.A} costs US suppliers {Amount(r, s0.Mean)} more than {first.B} on average (90% of trials between {ReportNumbers.Rounded(s0.P5)} and {ReportNumbers.Rounded(s0.P95)}); right of zero, A costs more. {agreement}")
        {
            YTicks = r.Differences.Select((d, k) => ((double)-k, $"{d.A} - {d.B}")).ToArray(),
        };
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
            NonNegativeY = true,
            XTicks = endUses.Select((e, i) => ((double)i, names.EndUse(e))).ToArray(),
        };
    }

    /// <summary>
    /// A fan chart per policy (small multiples on one scale): median, 50% and 90% bands of an end use's output by period,
    /// each panel in its policy's colour, so no band lies over another's.
    /// </summary>
    public static ChartSpec OutputOverTime(RunResults r, string endUse)
    {
        var periods = r.Scenario.PeriodLabels;
        var name = r.Scenario.Names.EndUse(endUse);
        var top = r.Policies.Max(p => p.OutputByPeriod[endUse].Max(s => s.P95)) * 100;
        var panels = new List<ChartSpec>();
        for (var i = 0; i < r.Policies.Count; i++)
        {
            var stats = r.Policies[i].OutputByPeriod[endUse];
            var x = Enumerable.Range(0, stats.Count).Select(t => (double)t).ToArray();
            var policy = r.Policies[i].Name;
            panels.Add(new ChartSpec(
                "",
                policy,
                "Period",
                "Output (% of baseline)",
                [
                    new BandSeries("90% of trials", i, x, stats.Select(s => s.P5 * 100).ToArray(), stats.Select(s => s.P95 * 100).ToArray(), 0.18),
                    new BandSeries("50% of trials", i, x, stats.Select(s => s.P25 * 100).ToArray(), stats.Select(s => s.P75 * 100).ToArray(), 0.4),
                    new LineSeries("median", i, x, stats.Select(s => s.P50 * 100).ToArray()),
                ],
                "")
            {
                NonNegativeY = true,
                YMax = Math.Max(100, top),
                // A panel is narrow: label at most four periods, evenly spaced, so the labels never overlap.
                XTicks = x.Where((_, t) => t % (int)Math.Ceiling(x.Length / 4.0) == 0).Select(t => (t, periods.ElementAtOrDefault((int)t) ?? $"t{t}")).ToArray(),
            });
        }
        var first = r.Policies[0].OutputByPeriod[endUse];
        var last = first[^1];
        return new ChartSpec(
            $"output-over-time-{Slug(endUse)}",
            $"Output of {name} over time, by policy: median, 50% and 90% bands",
            "Period",
            "Output (% of baseline)",
            [],
            $"Under {r.Policies[0].Name}, {name} output in the last period ({periods.ElementAtOrDefault(first.Count - 1)}) is {Percent(last.P50)} of baseline in the median trial (90% band {Percent(last.P5)} to {Percent(last.P95)}).")
        {
            Panels = panels,
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
            biggest.Id is null ? "No supplier loses revenue under any policy." : $"{names.Supplier(biggest.Id)} loses the most: up to {Amount(r, biggest.Loss)} on average under the strictest policy.")
        {
            NonNegativeX = true,
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
            $"Which input limits output under {policy.Name}",
            "End use (colour: share of trial-periods in which the input limits output)",
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
            $"Under {r.Policies[0].Name}, US suppliers lose {Amount(r, first.Mean)} while non-US suppliers gain {Amount(r, firstGain.Mean)}: above the diagonal, US suppliers lose more than others gain, so part of the trade is lost rather than moved.")
        {
            NonNegativeX = true,
            NonNegativeY = true,
        };
    }

    /// <summary>
    /// An auto-stopped run's convergence (issue 10): the running mean of lost US revenue at each checkpoint with its 95%
    /// interval (mean +- 1.96 se, or Student's t under sobol) as a band, one line per policy, against trials on a log scale (x is log10 of trials,
    /// ticks labelled in trials). Policies keep their style by their place in the results.
    /// </summary>
    public static ChartSpec Convergence(RunResults r, Convergence c)
    {
        var x = c.Checkpoints.Select(k => Math.Log10(k.Trials)).ToArray();
        var factor = PrecisionTarget.HalfWidthFactor(r.Run.Sampler, r.Run.Replicates);
        var series = new List<ChartSeries>();
        for (var i = 0; i < r.Policies.Count; i++)
        {
            var name = r.Policies[i].Name;
            var means = c.Checkpoints.Select(k => k.Means.Single(m => m.Policy == name)).ToArray();
            series.Add(new BandSeries($"{name} 95% interval", i, x,
                means.Select(m => m.Mean - (factor * m.Se)).ToArray(),
                means.Select(m => m.Mean + (factor * m.Se)).ToArray(), 0.2));
            series.Add(new LineSeries(name, i, x, means.Select(m => m.Mean).ToArray()));
        }
        // At most about eight labels: every other checkpoint (or every fourth) on a long run.
        var every = (int)Math.Ceiling(c.Checkpoints.Count / 8.0);
        var ticks = c.Checkpoints.Select((k, i) => (k, i)).Where(t => t.i % every == 0 || t.i == c.Checkpoints.Count - 1)
            .Select(t => (Math.Log10(t.k.Trials), t.k.Trials.ToString("N0", CultureInfo.InvariantCulture))).ToArray();
        return new ChartSpec(
            "convergence",
            "Mean lost US revenue as trials grow, with its 95% interval, by policy",
            "Trials (log scale)",
            $"Mean lost US revenue ({r.Scenario.Money})",
            series,
            $"The run {PrecisionReport.Verdict(c)}; each band is the running mean +- 1.96 standard errors at the checkpoints, so it narrows as the square root of the trials.")
        {
            XTicks = ticks,
        };
    }

    internal static string Slug(string text) => new(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    /// <summary>An amount in a sentence, as the readings write it: "USD 14,600 million" (three significant digits).</summary>
    internal static string Amount(RunResults r, double x) =>
        r.Scenario.Unit.Length > 0 ? $"{r.Scenario.Currency} {ReportNumbers.Rounded(x)} {r.Scenario.Unit}" : $"{r.Scenario.Currency} {ReportNumbers.Rounded(x)}";

    internal static string Money(double x) => Math.Abs(x) >= 100
        ? x.ToString("#,0", CultureInfo.InvariantCulture)
        : x.ToString("0.##", CultureInfo.InvariantCulture);

    internal static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
