namespace SupplyShock.Plotting.Tests;

using SupplyShock.Core.Engine;
using SupplyShock.Scenarios;

/// <summary>What report.html and report.md say beside the charts: readings, the paired differences, the sources.</summary>
public sealed class ReportTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-report-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Report_KnownResult_HasAReadingPerPolicyAndThePairedDifferencesTable()
    {
        Report.Write(dir, ChartTests.Results(), scenario: null);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        var markdown = File.ReadAllText(Path.Combine(dir, "report.md"));

        foreach (var text in new[] { html, markdown })
        {
            Assert.Contains("Under ban, US suppliers lose USD 400 million", text);
            Assert.Contains("Under relax, US suppliers lose no revenue.", text);
            Assert.Contains("Paired differences", text);
        }
        // ban - relax: 400 lost in every trial against none; 60% of the chip's supply is replaced (MODEL.md section 8, check 5).
        Assert.Contains("<tr><th>ban - relax</th><td>+400 [+400, +400]</td>", html);
        Assert.Contains("| ban - relax | +400 [+400, +400] |", markdown);
        Assert.Contains("<th>Lost US revenue (USD million)</th><th>Supply through</th><th>US supply through</th><th>Foreign gain (USD million)</th>", html);
    }

    // The known scenario with comments in huawei-2019's style: a header naming the sources file by a relative path,
    // trailing comments with confidence tags, a judgement, and a block above the key it explains.
    private static string Cited(string known) => known
        .Replace("supplyshock: 1\n", "# All figures come from known.sources.md (\"sources\").\n#\nsupplyshock: 1\n")
        .Replace("- { id: us, country: US }", "- { id: us, name: US Chips, country: US }   # listed in its 10-K (Reuters [C])")
        .Replace("  - { id: chip, substitution: 0.6 }", "  # Two rivals exist (sources b [R]). Judgement: 0.6.\n  - { id: chip, name: Logic chips, substitution: 0.6 }")
        .Replace("value: 400 }", "value: 400 }   # judgement: not disclosed [U]");

    private static (RunResults Results, Core.Model.ValidScenario Scenario) RunFrom(string folder, string text)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "known.yaml"), text);
        var scenario = ScenarioLoader.Load(Path.Combine(folder, "known.yaml")).Scenario!;
        return (SimulationRunner.Run(scenario, RunOptions.From(scenario) with { Trials = 200, Threads = 1 }), scenario);
    }

    [Fact]
    public void Sources_ScenarioComments_ListEachCitationWithLineAndEntity_AndCopyTheSourcesFile()
    {
        var folder = Path.Combine(dir, "scenario");
        var text = Cited(ChartTests.Known.ReplaceLineEndings("\n"));
        var (results, scenario) = RunFrom(folder, text);
        File.WriteAllText(Path.Combine(folder, "known.sources.md"), "# Sources of the known scenario\n");
        var lines = text.Split('\n');
        int LineOf(string part) => Array.FindIndex(lines, l => l.Contains(part)) + 1;

        var list = ScenarioSources.Read(scenario.SourcePath, results.Scenario.Names);

        Assert.Equal(["known.sources.md"], list.SourceFiles);
        Assert.Equal(
            [
                new Citation(1, "Scenario", "header", "All figures come from known.sources.md (\"sources\")."),
                new Citation(LineOf("id: us,"), "Suppliers", "US Chips", "listed in its 10-K (Reuters [C])"),
                new Citation(LineOf("Two rivals"), "Components", "Logic chips", "Two rivals exist (sources b [R])."),
                new Citation(LineOf("Two rivals"), "Components", "Logic chips", "Judgement: 0.6."),
                new Citation(LineOf("value: 400"), "Supply edges", "US Chips: Logic chips", "judgement: not disclosed [U]"),
            ],
            list.Citations);

        var outDir = Path.Combine(dir, "out");
        Report.Write(outDir, results, scenario);
        Assert.Equal("# Sources of the known scenario\n", File.ReadAllText(Path.Combine(outDir, "sources", "known.sources.md")));
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("<a href=\"sources/known.sources.md\">known.sources.md</a>", html);
        Assert.Contains($"<tr><td>{LineOf("id: us,")}</td><td>US Chips</td><td>listed in its 10-K (Reuters [C])</td></tr>", html);
        Assert.Contains("[known.sources.md](sources/known.sources.md)", File.ReadAllText(Path.Combine(outDir, "report.md")));
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public void Sources_NoCitationsOrNoScenario_SayItInOneLine()
    {
        var folder = Path.Combine(dir, "plain");
        var (results, scenario) = RunFrom(folder, ChartTests.Known);

        Report.Write(Path.Combine(dir, "plain-out"), results, scenario);
        Report.Write(Path.Combine(dir, "none-out"), results, scenario: null);

        Assert.Contains("The scenario&#39;s comments cite no sources.", File.ReadAllText(Path.Combine(dir, "plain-out", "report.html")));
        Assert.Contains("The scenario's comments cite no sources.", File.ReadAllText(Path.Combine(dir, "plain-out", "report.md")));
        Assert.Contains("The scenario file is not available beside the results", File.ReadAllText(Path.Combine(dir, "none-out", "report.html")));
        Assert.False(Directory.Exists(Path.Combine(dir, "plain-out", "sources")));
    }
}
