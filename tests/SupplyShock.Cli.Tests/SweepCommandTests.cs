namespace SupplyShock.Cli.Tests;

using System.Text.Json;
using ScottPlot.Plottables;
using SupplyShock.Core.Engine;
using SupplyShock.Plotting;
using SupplyShock.Scenarios;

public sealed class SweepCommandTests : IDisposable
{
    private const string Approval = "policies.partial.rules.case by case.approval";

    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-sweep-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static CliRun Sweep(params string[] extra) => CliRun.Of(["sweep", CliRun.Scenario("tutorial.yaml"), .. extra]);

    private static double Mean(JsonElement point, string policy, string metric) =>
        point.GetProperty("policies").GetProperty(policy).GetProperty("metrics").GetProperty(metric).GetProperty("mean").GetDouble();

    /// <summary>
    /// MODEL.md section 7. Every point runs the same trials (same seed, same trial numbers): a licence is granted when
    /// its trial's uniform falls below the approval chance, so raising 'case by case' approval from 0 to 0.5 to 1
    /// grants, trial by trial, a superset of the licences and loses no more revenue in any trial. The mean over the
    /// same trials therefore cannot rise, exactly and with no tolerance; on independent draws per point it would only
    /// hold within a few standard errors. Ban and relax do not have the rule (ban is partial's parent, so it does not
    /// inherit it; relax is not listed), and their draws do not change, so their numbers are identical at every point.
    /// </summary>
    [Fact]
    public void Sweep_CaseByCaseApproval_PartialLossNeverRises_BanAndRelaxIdentical()
    {
        var tutorial = File.ReadAllText(CliRun.Scenario("tutorial.yaml"));
        Assert.Contains("extends: ban", tutorial); // partial extends ban, not the other way round
        var run = Sweep("--set", $"{Approval}=0:0.5:1", "--trials", "3000", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var points = json.RootElement.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal([0m, 0.5m, 1m], points.Select(p => p.GetProperty("values").GetProperty(Approval).GetDecimal()));
        var partial = points.Select(p => Mean(p, "partial", "us_revenue_lost")).ToArray();
        for (var k = 1; k < partial.Length; k++)
        {
            Assert.True(partial[k] <= partial[k - 1], $"partial's mean loss rose from {partial[k - 1]} to {partial[k]} at point {k}");
        }
        Assert.True(partial[^1] < partial[0], "approval should matter to partial");
        foreach (var policy in new[] { "ban", "relax" })
        {
            var first = points[0].GetProperty("policies").GetProperty(policy).GetRawText();
            Assert.All(points, p => Assert.Equal(first, p.GetProperty("policies").GetProperty(policy).GetRawText()));
        }
    }

    [Theory]
    [InlineData("=1:0.5:0", "FROM (1) is above TO (0)")]
    [InlineData("=0:0:1", "STEP must be greater than 0")]
    [InlineData("=0:0.3:1", "TO is not FROM plus a whole number of steps (the last value would be 0.9)")]
    [InlineData("=0:0.0001:1", "more than 1,000")]
    [InlineData("=0:a:1", "expected NAME=FROM:STEP:TO with three numbers")]
    [InlineData("=0:0.5:1.5", "not valid at sweep point policies.partial.rules.case by case.approval=1.5")]
    public void Sweep_BadRange_ExitsTwo_SaysWhy_WritesNothing(string range, string expected)
    {
        var outDir = Path.Combine(dir, "bad");
        var run = Sweep("--set", Approval + range, "--trials", "100", "--out", outDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Equal("", run.Out);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Sweep_ThreeNames_ExitsTwo()
    {
        var run = Sweep("--set", $"{Approval}=0:0.5:1", "--set", "policies.ban.leakage=0:0.05:0.1", "--set", "paid_leakage=0:0.5:1", "--trials", "100");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("3 names swept", run.Error);
    }

    [Fact]
    public void Sweep_OutOfRangeAtSeveralPoints_NamesTheFirstAndListsTheRest()
    {
        var run = Sweep("--set", $"{Approval}=0.5:0.5:2", "--trials", "100");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"at sweep point {Approval}=1.5", run.Error);
        Assert.Contains($"nor at {Approval}=2", run.Error);
    }

    /// <summary>Two names make every pair, first name outermost; sweep.csv is tidy: a header, then one row per point, policy and metric (output per end use).</summary>
    [Fact]
    public void Sweep_TwoNames_RunEveryPair_AndWriteTidyCsv()
    {
        var outDir = Path.Combine(dir, "grid");
        var run = Sweep("--set", $"{Approval}=0:0.5:1", "--set", "policies.ban.leakage=0:0.05:0.1", "--set", "paid_leakage=0.4",
            "--trials", "500", "--out", outDir, "--no-plots");

        Assert.Equal(0, run.ExitCode);
        var lines = File.ReadAllLines(Path.Combine(outDir, "sweep.csv"));
        Assert.Equal($"{Approval},policies.ban.leakage,policy,metric,end_use,mean,sd,se,p5,p25,p50,p75,p95", lines[0]);
        const int points = 3 * 3, policies = 4, metrics = 6 + 2; // six horizon metrics, output of two end uses
        Assert.Equal(1 + (points * policies * metrics), lines.Length);
        Assert.All(lines, l => Assert.Equal(13, l.Split(',').Length));
        Assert.Equal(["0,0", "0,0.05", "0,0.1", "0.5,0"], lines.Skip(1).Select(l => string.Join(',', l.Split(',')[..2])).Distinct().Take(4));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "sweep.json")));
        Assert.Equal(["paid_leakage=0.4"], json.RootElement.GetProperty("run").GetProperty("overrides").EnumerateArray().Select(e => e.GetString()));
        Assert.True(json.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal(points * policies, run.Out.Split('\n').Count(l => l.StartsWith("0", StringComparison.Ordinal) || l.StartsWith("1", StringComparison.Ordinal)));
    }

    /// <summary>What is drawn is what was computed: every line and band of every panel, read back from the rendered plots, against the statistics.</summary>
    [Fact]
    public void SweepCharts_DrawnLinesAndBands_MatchStatistics_AxesStartAtZero()
    {
        var (grid, problems) = SweepGrid.Parse([$"{Approval}=0:0.5:1"]);
        Assert.Empty(problems);
        var file = CliRun.Scenario("tutorial.yaml");
        var points = grid!.Points.Select(p =>
        {
            var scenario = ScenarioLoader.Load(file, grid.Sets(p)).Scenario!;
            return new SweepPoint(p, SimulationRunner.Run(scenario, RunOptions.From(scenario) with { Trials = 1000, Threads = 1 }));
        }).ToArray();
        var sweep = new SweepResults(grid, points);
        var policies = points[0].Results.Policies.Select(p => p.Name).ToArray();

        var charts = SweepCharts.All(sweep, ["us_revenue_lost", "output"]);

        Assert.Equal(["sweep-us-revenue-lost", "sweep-output-phones", "sweep-output-network"], charts.Select(c => c.FileName));
        foreach (var (chart, metric, endUse) in charts.Zip([("us_revenue_lost", (string?)null), ("output", "phones"), ("output", "network")], (c, q) => (c, q.Item1, q.Item2)))
        {
            var scale = metric == "output" ? 100 : 1;
            var plots = ChartRenderer.Build(chart);
            var panels = chart.Panels.Count > 0 ? chart.Panels : [chart];
            Assert.Equal(panels.Count == 1 ? 1 : policies.Length, plots.Count);
            for (var i = 0; i < policies.Length; i++)
            {
                var plot = plots[panels.Count == 1 ? 0 : i];
                var stats = points.Select(p => SweepResults.Statistics(p, policies[i], metric, endUse)).ToArray();
                var colour = ChartRenderer.ColourOf(i);
                var line = plot.GetPlottables().OfType<Scatter>().Single(s => s.Color == colour).Data.GetScatterPoints();
                Assert.Equal(grid.Points.Select(p => (double)p[0]), line.Select(c => c.X));
                Assert.Equal(stats.Select(s => s.Mean * scale), line.Select(c => c.Y));
                var band = panels[panels.Count == 1 ? 0 : i].Series.OfType<BandSeries>().Single(b => b.Style == i);
                Assert.Equal(stats.Select(s => s.P5 * scale), band.Low);
                Assert.Equal(stats.Select(s => s.P95 * scale), band.High);
                Assert.Equal(0, plot.Axes.GetLimits().Bottom); // lost revenue and output cannot be negative
            }
        }
    }

    [Fact]
    public async Task Sweep_StoppedBeforeTheFirstPoint_Exits130_WritesNothing()
    {
        var outDir = Path.Combine(dir, "stopped");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["sweep", CliRun.Scenario("tutorial.yaml"), "--set", $"{Approval}=0:0.5:1", "--trials", "100", "--out", outDir],
            stdout, stderr, new CancellationToken(canceled: true));

        Assert.Equal(130, exit);
        Assert.Contains("nothing was written", stderr.ToString());
        Assert.False(Directory.Exists(outDir));
    }
}
