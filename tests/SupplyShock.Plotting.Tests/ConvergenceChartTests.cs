namespace SupplyShock.Plotting.Tests;

using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary>The convergence chart and the precision table of an auto-stopped run (issue 10), drawn from convergence.json.</summary>
public sealed class ConvergenceChartTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-convergence-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>The tutorial run to a precision it cannot reach by 3,000 trials, saved and read back as <c>plot</c> sees it.</summary>
    private (RunResults Results, Convergence Convergence) Stopped()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(ChartGeometryTests.Root(), "scenarios", "tutorial.yaml")).Scenario!;
        var options = RunOptions.From(scenario) with { Sampler = Sampler.MonteCarlo, Threads = 2 };
        var run = AutoStop.Run(scenario, options, new PrecisionTarget(1e-5, Relative: true), maxTrials: 3000);
        var path = Path.Combine(dir, PrecisionReport.FileName);
        AtomicFile.Write(path, stream => PrecisionReport.WriteJson(stream, Convergence.Of(run)));
        using var buffer = new MemoryStream();
        ResultsJson.Write(buffer, run.Results);
        File.WriteAllBytes(Path.Combine(dir, "results.json"), buffer.ToArray());
        return (ResultsJson.Read(buffer.ToArray()), PrecisionReport.Read(path)!);
    }

    [Fact]
    public void Convergence_DrawnSeries_AreTheCheckpointMeansWithTheir95PercentBands()
    {
        var (results, convergence) = Stopped();

        var chart = Charts.Convergence(results, convergence);

        Assert.Equal([1024L, 2048, 3000], convergence.Checkpoints.Select(c => c.Trials));
        Assert.False(convergence.Reached);
        Assert.Equal(["1,024", "2,048", "3,000"], chart.XTicks.Select(t => t.Label));
        for (var i = 0; i < results.Policies.Count; i++)
        {
            var name = results.Policies[i].Name;
            var line = chart.Series.OfType<LineSeries>().Single(s => s.Name == name);
            var band = chart.Series.OfType<BandSeries>().Single(s => s.Name == $"{name} 95% interval");
            Assert.Equal(i, line.Style);
            for (var k = 0; k < convergence.Checkpoints.Count; k++)
            {
                var m = convergence.Checkpoints[k].Means.Single(x => x.Policy == name);
                Assert.Equal(Math.Log10(convergence.Checkpoints[k].Trials), line.X[k], 12);
                Assert.Equal(m.Mean, line.Y[k]);
                Assert.Equal(m.Mean - (1.96 * m.Se), band.Low[k], 12);
                Assert.Equal(m.Mean + (1.96 * m.Se), band.High[k], 12);
            }
            // The last checkpoint is the run itself: its mean is the one results.json holds.
            var last = convergence.Checkpoints[^1].Means.Single(x => x.Policy == name);
            Assert.Equal(results.Policies[i].Metrics["us_revenue_lost"].Mean, last.Mean);
            Assert.Equal(results.Policies[i].Metrics["us_revenue_lost"].Se, last.Se);
        }
    }

    [Fact]
    public void Report_WithConvergence_DrawsTheChartAndTheFullPrecisionTable()
    {
        var (results, convergence) = Stopped();

        Report.Write(dir, results, scenario: null);

        Assert.True(File.Exists(Path.Combine(dir, "plots", "convergence.png")));
        var markdown = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("## Precision reached", markdown);
        Assert.Contains("reached --max-trials 3,000 before 0.001%: worst is", markdown);
        Assert.Equal(convergence.Readings.Count, markdown.Split('\n').Count(l => l.StartsWith("| us_revenue_lost", StringComparison.Ordinal) || l.StartsWith("| output[", StringComparison.Ordinal)
            || l.StartsWith("| supply_through", StringComparison.Ordinal) || l.StartsWith("| us_supply_through", StringComparison.Ordinal) || l.StartsWith("| foreign_gain", StringComparison.Ordinal)));
        Assert.Contains("![Mean lost US revenue as trials grow", markdown);
    }

    [Fact]
    public void Report_WithoutConvergence_HasNoConvergenceChart()
    {
        Report.Write(dir, ChartTests.Results(), scenario: null);

        Assert.False(File.Exists(Path.Combine(dir, "plots", "convergence.png")));
        Assert.DoesNotContain("Precision reached", File.ReadAllText(Path.Combine(dir, "report.md")));
    }
}
