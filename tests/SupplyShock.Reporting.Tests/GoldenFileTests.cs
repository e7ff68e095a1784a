namespace SupplyShock.Reporting.Tests;

using System.Text;
using SupplyShock.Core.Engine;
using SupplyShock.Scenarios;

/// <summary>
/// What a run of the tutorial writes, byte for byte: results.json, summary.csv and the console table. A change to any
/// of them shows up here as its first differing line; see <see cref="Golden"/> for how to accept one.
/// </summary>
public sealed class GoldenFileTests
{
    private static readonly Lazy<(RunResults Results, SupplyShock.Core.Model.ValidScenario Scenario)> Tutorial = new(Run);

    /// <summary>
    /// 500 trials on one thread at the scenario's seed. What identifies the inputs rather than the outputs is fixed
    /// (program version, the scenario's path and its sha256), so a version bump or an edited comment in tutorial.yaml
    /// does not fail the test; the numbers and the layout still do.
    /// </summary>
    private static (RunResults, SupplyShock.Core.Model.ValidScenario) Run()
    {
        var loaded = ScenarioLoader.Load(Path.Combine(Golden.FindRoot(), "scenarios", "tutorial.yaml"));
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        var scenario = loaded.Scenario!;
        var results = SimulationRunner.Run(scenario, RunOptions.From(scenario) with { Trials = 500, Threads = 1 });
        return (results with
        {
            Scenario = results.Scenario with { File = "scenarios/tutorial.yaml", Sha256 = "(sha256 of the tutorial)" },
            Run = results.Run with { Version = "(version)" },
        }, scenario);
    }

    [Fact]
    public void ResultsJson_Tutorial_MatchesGoldenFile()
    {
        using var buffer = new MemoryStream();
        ResultsJson.Write(buffer, Tutorial.Value.Results);
        Golden.Match("tutorial.results.json", buffer.ToArray());
    }

    [Fact]
    public void SummaryCsv_Tutorial_MatchesGoldenFile() =>
        Golden.Match("tutorial.summary.csv", Encoding.UTF8.GetBytes(SummaryCsv.Write(Tutorial.Value.Results)));

    [Fact]
    public void RunTable_Tutorial_MatchesGoldenFile()
    {
        var table = new StringWriter { NewLine = "\n" };
        RunTable.Write(table, Tutorial.Value.Results, Tutorial.Value.Scenario.EndUses);
        Golden.Match("tutorial.table.txt", Encoding.UTF8.GetBytes(table.ToString()));
    }

    [Fact]
    public void FirstDifference_ChangedLine_NamesLineAndBothTexts()
    {
        var message = Golden.FirstDifference("a\nb\nc\n"u8.ToArray(), "a\nB\nc\n"u8.ToArray());
        Assert.Equal("line 2 differs:\n  expected: b\n  got:      B", message);
        Assert.Contains("line 3 is only in what was got: c", Golden.FirstDifference("a\nb"u8.ToArray(), "a\nb\nc"u8.ToArray()));
    }
}
