namespace SupplyShock.Plotting.Tests;

using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;
using ScottPlot.Plottables;
using SupplyShock.Core.Engine;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary>
/// What is drawn, read back from the drawing itself: every interval line among the rendered plottables, and its path in the
/// SVG, must run exactly from the 5th to the 95th percentile (or the 25th to the 75th) that results.json holds.
/// </summary>
public sealed partial class ChartGeometryTests
{
    private static readonly Lazy<RunResults> Tutorial = new(() =>
    {
        var scenario = ScenarioLoader.Load(Path.Combine(Root(), "scenarios", "tutorial.yaml")).Scenario!;
        var results = SimulationRunner.Run(scenario, RunOptions.From(scenario) with { Trials = 2000, Threads = 1 });
        using var buffer = new MemoryStream();
        ResultsJson.Write(buffer, results);
        return ResultsJson.Read(buffer.ToArray()); // as `supplyshock plot` reads it
    });

    internal static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupplyShock.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("SupplyShock.sln not found");
    }

    private static ChartSpec Chart(string name) => Charts.All(Tutorial.Value).Single(c => c.FileName == name);

    /// <summary>The interval lines drawn, as (fixed coordinate, low end, high end), rounded to 1e-9 for comparison as sets.</summary>
    private static List<(double At, double Low, double High)> Drawn(IEnumerable<Plot> plots, bool horizontal) =>
        plots.SelectMany(p => p.GetPlottables().OfType<LinePlot>()).Where(l => l.LegendText == ChartRenderer.IntervalLabel)
            .Select(l => horizontal ? (l.Start.Y, l.Start.X, l.End.X) : (l.Start.X, l.Start.Y, l.End.Y))
            .Select(x => (Math.Round(x.Item1, 9), Math.Round(x.Item2, 9), Math.Round(x.Item3, 9)))
            .Order().ToList();

    private static List<(double, double, double)> Expected(IEnumerable<(double At, double Low, double High)> intervals) =>
        intervals.Select(x => (Math.Round(x.At, 9), Math.Round(x.Low, 9), Math.Round(x.High, 9))).Order().ToList();

    [Fact]
    public void OutputByEndUse_EachWhisker_RunsFromP5ToP95OfItsOutput()
    {
        var r = Tutorial.Value;
        var chart = Chart("output-by-end-use");
        var bars = chart.Series.OfType<SupplyShock.Plotting.BarSeries>().ToArray();
        var endUses = r.Policies[0].Output.Keys.ToArray();
        var expected = r.Policies.SelectMany((p, i) => endUses.Select((e, k) => (bars[i].Positions[k], p.Output[e].P5 * 100, p.Output[e].P95 * 100)));

        var drawn = Drawn(ChartRenderer.Build(chart), horizontal: false);

        Assert.Equal(Expected(expected), drawn);
        Assert.All(drawn, w => Assert.True(w.Low <= w.High, $"whisker at {w.At} runs downwards"));
        Assert.All(drawn, w => Assert.True(w.High <= 100 + 1e-9, $"an output above 100% of baseline at {w.At}"));
    }

    [Fact]
    public void LostBySupplier_EachWhisker_RunsFromP5ToP95OfTheSuppliersLoss()
    {
        var r = Tutorial.Value;
        var chart = Chart("lost-revenue-by-supplier");
        var bars = chart.Series.OfType<SupplyShock.Plotting.BarSeries>().ToArray();
        var names = r.Scenario.Names;
        var shown = chart.YTicks.Select(t => r.Policies[0].LostBySupplier.Keys.Single(id => names.Supplier(id) == t.Label)).ToArray();
        var expected = r.Policies.SelectMany((p, i) => shown.Select((id, k) => (bars[i].Positions[k], p.LostBySupplier[id].P5, p.LostBySupplier[id].P95)));

        var drawn = Drawn(ChartRenderer.Build(chart), horizontal: true);

        Assert.Equal(Expected(expected), drawn);
        Assert.All(drawn, w => Assert.True(0 <= w.Low && w.Low <= w.High));
    }

    [Fact]
    public void LossAgainstGain_BothIntervalsOfEachPolicy_AreItsP5ToP95()
    {
        var r = Tutorial.Value;
        var plots = ChartRenderer.Build(Chart("us-loss-against-foreign-gain"));
        var loss = r.Policies.Select(p => (p.Metrics["foreign_gain"].Mean, p.Metrics["us_revenue_lost"].P5, p.Metrics["us_revenue_lost"].P95));
        var gain = r.Policies.Select(p => (p.Metrics["us_revenue_lost"].Mean, p.Metrics["foreign_gain"].P5, p.Metrics["foreign_gain"].P95));

        var vertical = plots.SelectMany(p => p.GetPlottables().OfType<LinePlot>())
            .Where(l => l.LegendText == ChartRenderer.IntervalLabel && l.Start.X == l.End.X).Select(l => (l.Start.X, l.Start.Y, l.End.Y));
        var horizontal = plots.SelectMany(p => p.GetPlottables().OfType<LinePlot>())
            .Where(l => l.LegendText == ChartRenderer.IntervalLabel && l.Start.Y == l.End.Y).Select(l => (l.Start.Y, l.Start.X, l.End.X));

        Assert.Equal(Expected(loss), Expected(vertical));
        Assert.Equal(Expected(gain), Expected(horizontal));
        Assert.All(vertical.Concat(horizontal), w => Assert.True(w.Item2 >= 0, "a negative loss or gain is drawn"));
    }

    [Fact]
    public void PairedDifferences_DrawThe90And50PercentIntervalsOfEveryPair_AndAZeroLine()
    {
        var r = Tutorial.Value;
        var chart = Chart("paired-differences");
        var expected = r.Differences.SelectMany((d, k) => new[]
        {
            ((double)-k, d.Metrics["us_revenue_lost"].P5, d.Metrics["us_revenue_lost"].P95),
            ((double)-k, d.Metrics["us_revenue_lost"].P25, d.Metrics["us_revenue_lost"].P75),
        });

        var drawn = Drawn(ChartRenderer.Build(chart), horizontal: true);

        Assert.Equal(6, r.Differences.Count); // the tutorial has four policies: six pairs, one row each
        Assert.Equal(Expected(expected), drawn);
        Assert.Equal(r.Differences.Select(d => $"{d.A} - {d.B}"), chart.YTicks.Select(t => t.Label));
    }

    [Fact]
    public void Svg_EachIntervalPath_SitsWhereTheAxesPutItsPercentiles()
    {
        var chart = Chart("output-by-end-use");
        var svg = ChartRenderer.Svg(chart, 1000, 600, out var plots);
        var segments = SvgSegment().Matches(svg)
            .Select(m => (X1: Parse(m, 1), Y1: Parse(m, 2), X2: Parse(m, 3), Y2: Parse(m, 4))).ToList();
        var intervals = plots.SelectMany(p => p.GetPlottables().OfType<LinePlot>()).Where(l => l.LegendText == ChartRenderer.IntervalLabel).ToArray();

        Assert.NotEmpty(intervals);
        foreach (var line in intervals)
        {
            var plot = plots.Single(p => p.GetPlottables().Contains(line));
            var (start, end) = (plot.GetPixel(line.Start), plot.GetPixel(line.End));
            Assert.Contains(segments, s => Near(s.X1, start.X) && Near(s.Y1, start.Y) && Near(s.X2, end.X) && Near(s.Y2, end.Y));
            Assert.True(start.Y >= end.Y, "the 5th percentile is drawn above the 95th"); // pixels grow downwards
            // Pixels are single precision: back in data units the ends agree to a hundred-thousandth of the axis.
            var limits = plot.Axes.GetLimits();
            var tolerance = (limits.Top - limits.Bottom) * 1e-5;
            var (low, high) = (plot.GetCoordinates(start).Y, plot.GetCoordinates(end).Y);
            Assert.InRange(low, line.Start.Y - tolerance, line.Start.Y + tolerance);
            Assert.InRange(high, line.End.Y - tolerance, line.End.Y + tolerance);
        }
        Assert.True(plots[0].Axes.GetLimits().Bottom >= 0, "an output axis reaches below zero");
    }

    [Fact]
    public void Svg_KeepsEachPolicysLinePatternAndBarHatch_WhichSkiaAloneDrops()
    {
        var lines = ChartRenderer.Svg(Chart("lost-us-revenue-exceedance"), 1000, 600);
        var bars = ChartRenderer.Svg(Chart("output-by-end-use"), 1000, 600);

        // Policies 1 to 3 of the tutorial are dashed, dotted and densely dashed; policy 0 is solid.
        Assert.Contains("stroke=\"#D55E00\" stroke-width=\"2.5\" stroke-dasharray=\"9 6\"", lines);
        Assert.Contains("stroke=\"#009E73\" stroke-width=\"2.5\" stroke-dasharray=\"2 4\"", lines);
        Assert.Contains("stroke=\"#CC79A7\" stroke-width=\"2.5\" stroke-dasharray=\"5 2\"", lines);
        Assert.DoesNotContain("stroke=\"#0072B2\" stroke-width=\"2.5\" stroke-dasharray", lines);
        foreach (var style in new[] { 1, 2, 3 })
        {
            Assert.Contains($"<pattern id=\"hatch-{style}\"", bars);
            Assert.Contains($"<rect fill=\"url(#hatch-{style})\"", bars); // the bars and the legend swatch
        }
        Assert.Contains("<rect fill=\"#0072B2\"", bars); // policy 0 stays plain
        System.Xml.Linq.XDocument.Parse(bars); // still well-formed
    }

    [Fact]
    public void EveryChart_OfNonNegativeQuantities_HasNoNegativeAxis()
    {
        foreach (var chart in Charts.All(Tutorial.Value))
        {
            foreach (var (spec, plot) in (chart.Panels.Count > 0 ? chart.Panels : [chart]).Zip(ChartRenderer.Build(chart)))
            {
                var limits = plot.Axes.GetLimits();
                Assert.True(!spec.NonNegativeX || limits.Left >= 0, $"{chart.FileName}: x axis from {limits.Left}");
                Assert.True(!spec.NonNegativeY || limits.Bottom >= 0, $"{chart.FileName}: y axis from {limits.Bottom}");
            }
        }
    }

    [Fact]
    public void Labels_UseNames_NeverIds()
    {
        var charts = Charts.All(Tutorial.Value);
        var names = Tutorial.Value.Scenario.Names;

        Assert.Equal(names.EndUses.Values, Chart("output-by-end-use").XTicks.Select(t => t.Label));
        Assert.Contains(charts, c => c.Title.Contains("5G network gear", StringComparison.Ordinal));
        Assert.DoesNotContain(charts, c => c.Title.Contains("network over", StringComparison.Ordinal));
        Assert.All(Chart("lost-revenue-by-supplier").YTicks, t => Assert.Contains(t.Label, names.Suppliers.Values));
    }

    private static bool Near(double a, double b) => Math.Abs(a - b) < 0.01;

    private static double Parse(Match m, int group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"M(-?[\d.]+) (-?[\d.]+)L(-?[\d.]+) (-?[\d.]+)")]
    private static partial Regex SvgSegment();
}
