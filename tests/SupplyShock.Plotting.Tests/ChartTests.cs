namespace SupplyShock.Plotting.Tests;

using System.Globalization;
using System.Xml.Linq;
using SupplyShock.Core.Engine;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary>Charts built from a small known result: every series checked as data, then rendered and checked as files.</summary>
public sealed class ChartTests : IDisposable
{
    // One US chip (400 a year) into phones, four quarters: under `ban` it is denied with 60% substitutes at once, so
    // every trial loses 400 and makes 60%; under `relax` nothing is lost. MODEL.md section 8, checks 1 and 5.
    internal const string Known = """
        supplyshock: 1
        name: Known
        currency: USD
        unit: million
        horizon: { periods: 4, period: quarter, start: 2019-07-01 }
        suppliers:
          - { id: us, country: US }
          - { id: kr, country: KR }
        components:
          - { id: chip, substitution: 0.6 }
          - { id: memory }
        end_uses:
          - { id: phones }
        supply:
          - { supplier: us, component: chip, value: 400 }
          - { supplier: kr, component: memory, value: 100 }
        bom:
          - { component: chip, end_use: phones, share: 1 }
          - { component: memory, end_use: phones, share: 1 }
        policies:
          ban: { rules: [ { action: deny } ] }
          relax: { listed: false }
        """;

    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-charts-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>The known run, written as results.json and read back, as <c>supplyshock plot</c> sees it.</summary>
    internal static RunResults Results()
    {
        var scenario = ScenarioLoader.LoadText(Known).Scenario!;
        var results = SimulationRunner.Run(scenario, RunOptions.From(scenario) with { Trials = 500, Threads = 1 });
        using var buffer = new MemoryStream();
        ResultsJson.Write(buffer, results);
        return ResultsJson.Read(buffer.ToArray());
    }

    [Fact]
    public void Charts_FromAKnownResult_HaveTheExpectedSeries()
    {
        var charts = Charts.All(Results()).ToDictionary(c => c.FileName);

        Assert.Equal(
            ["lost-us-revenue-distribution", "lost-us-revenue-exceedance", "paired-differences", "output-by-end-use", "output-over-time-phones", "lost-revenue-by-supplier", "binding-constraints-ban", "us-loss-against-foreign-gain"],
            charts.Keys);

        var distribution = charts["lost-us-revenue-distribution"];
        Assert.Contains("USD million", distribution.XLabel);
        var banLine = distribution.Series.OfType<LineSeries>().Single(s => s.Name == "ban");
        Assert.Equal(100, banLine.Y.Max(), 9); // every trial loses exactly 400: one bin holds all of them
        Assert.Equal(400, distribution.Series.OfType<MarkerLine>().Single(m => m.Name == "ban median").X);

        var exceedance = charts["lost-us-revenue-exceedance"].Series.OfType<LineSeries>().Single(s => s.Name == "relax");
        Assert.Equal(1, exceedance.Y[0]);
        Assert.Equal(0, exceedance.Y[^1]);
        Assert.True(exceedance.Y.Zip(exceedance.Y.Skip(1)).All(p => p.Second <= p.First));

        var output = charts["output-by-end-use"];
        Assert.Equal([60.0], output.Series.OfType<BarSeries>().Single(s => s.Name == "ban").Values.Select(v => Math.Round(v, 9)));
        Assert.Equal([100.0], output.Series.OfType<BarSeries>().Single(s => s.Name == "relax").Values.Select(v => Math.Round(v, 9)));
        Assert.Equal(["phones"], output.XTicks.Select(t => t.Label));

        var fan = charts["output-over-time-phones"];
        Assert.Equal(["ban", "relax"], fan.Panels.Select(p => p.Title)); // one panel per policy: no band lies over another
        Assert.Equal(["2019-Q3", "2019-Q4", "2020-Q1", "2020-Q2"], fan.Panels[0].XTicks.Select(t => t.Label));
        Assert.All(fan.Panels[0].Series.OfType<LineSeries>().Single(s => s.Name == "median").Y, y => Assert.Equal(60, y, 9));
        Assert.All(fan.Panels, p => Assert.Equal(100, p.YMax)); // one scale for every panel

        var differences = charts["paired-differences"];
        Assert.Equal(["ban - relax"], differences.YTicks.Select(t => t.Label));
        Assert.Equal([400.0], differences.Series.OfType<IntervalSeries>().Single().Mean.Select(v => Math.Round(v, 6)));
        Assert.Equal([0.0, 0.0], differences.Series.OfType<ReferenceSeries>().Single().X); // the zero line

        var suppliers = charts["lost-revenue-by-supplier"];
        Assert.Equal(["us", "kr"], suppliers.YTicks.Select(t => t.Label)); // largest first: us loses 400, kr 40
        Assert.Equal([400.0, 40.0], suppliers.Series.OfType<BarSeries>().Single(s => s.Name == "ban").Values.Select(v => Math.Round(v, 6)));

        var binding = charts["binding-constraints-ban"].Series.OfType<HeatmapSeries>().Single();
        Assert.Equal(["chip", "memory"], binding.Rows);
        Assert.Equal(1, binding.Values[0, 0], 9); // the chip limits phones in every trial-period
        Assert.Equal(0, binding.Values[1, 0], 9);

        var points = charts["us-loss-against-foreign-gain"].Series.OfType<PointSeries>().Single(s => s.Name == "ban");
        Assert.Equal((240.0, 400.0), (Math.Round(points.X[0], 6), Math.Round(points.Y[0], 6))); // 60% of 400 goes to substitutes
        Assert.Single(charts["us-loss-against-foreign-gain"].Series.OfType<ReferenceSeries>()); // the diagonal the reading refers to
    }

    [Fact]
    public void Report_WritesWellFormedPngSvgAndASelfContainedHtml()
    {
        var charts = Report.Write(dir, Results(), scenario: null);

        foreach (var chart in charts)
        {
            var png = File.ReadAllBytes(Path.Combine(dir, "plots", chart.FileName + ".png"));
            Assert.False(File.Exists(Path.Combine(dir, "plots", chart.FileName + ".pdf"))); // not asked for
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.True(png.Length > 10_000, $"{chart.FileName}.png is suspiciously small");
            var svg = XDocument.Load(Path.Combine(dir, "plots", chart.FileName + ".svg"));
            var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToArray();
            Assert.Contains(chart.Title, texts); // text is drawn (a missing font draws none, silently)
        }
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Equal(charts.Count, html.Split("<svg").Length - 1);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=\"http", html);
        var markdown = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.All(charts, c => Assert.Contains($"(plots/{c.FileName}.png)", markdown));
    }

    [Fact]
    public void Charts_UnderGermanCulture_UseInvariantNumbers()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var charts = Report.Write(dir, Results(), scenario: null);
            var reading = charts.Single(c => c.FileName == "us-loss-against-foreign-gain").Reading;
            Assert.Contains("lose USD 400 million", reading);
            var html = File.ReadAllText(Path.Combine(dir, "report.html"));
            Assert.Contains("60.0%", html);
            Assert.DoesNotContain("60,0%", html);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
