namespace SupplyShock.Cli.Tests;

using SupplyShock.Reporting;

/// <summary>`run --out DIR` never leaves the outputs of two runs side by side, and never touches a file it did not write.</summary>
public sealed class OutputFolderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-out-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Out => Path.Combine(dir, "out");

    private static CliRun Run(string outDir, string seed, params string[] extra) =>
        CliRun.Of(["run", CliRun.Scenario("tutorial.yaml"), "--trials", "500", "--seed", seed, "--out", outDir, .. extra]);

    private string[] Manifest() => File.ReadAllLines(Path.Combine(Out, OutputFolder.ManifestName)).Where(l => !l.StartsWith('#')).ToArray();

    [Fact]
    public void Run_NoPlotsIntoAPlottedFolder_RemovesTheOldReportAndKeepsTheUsersFile()
    {
        Assert.Equal(0, Run(Out, "1").ExitCode);
        Assert.True(File.Exists(Path.Combine(Out, "report.html")));
        Assert.Contains("plots/lost-us-revenue-distribution.png", Manifest());
        File.WriteAllText(Path.Combine(Out, "notes.txt"), "mine");

        var second = Run(Out, "2", "--no-plots");

        Assert.Equal(0, second.ExitCode);
        Assert.False(File.Exists(Path.Combine(Out, "report.html"))); // the report of seed 1 is gone with its charts
        Assert.False(File.Exists(Path.Combine(Out, "report.md")));
        Assert.False(Directory.Exists(Path.Combine(Out, "plots")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Out, "notes.txt")));
        Assert.Equal(2, ResultsJson.Read(File.ReadAllBytes(Path.Combine(Out, "results.json"))).Run.Seed);
        Assert.Equal(["results.json", "summary.csv", "run.json"], Manifest());
        Assert.Empty(Directory.EnumerateFiles(Out, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Run_FolderWithOutputsButNoManifest_IsRefusedNamingThem_AndAcceptedWithForce()
    {
        Assert.Equal(0, Run(Out, "1", "--no-plots").ExitCode);
        File.Delete(Path.Combine(Out, OutputFolder.ManifestName)); // as an older supplyshock left it
        File.WriteAllText(Path.Combine(Out, "report.html"), "<p>an old report</p>");
        File.WriteAllText(Path.Combine(Out, "notes.txt"), "mine");
        var before = File.ReadAllBytes(Path.Combine(Out, "results.json"));

        var refused = Run(Out, "2", "--no-plots");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("holds results.json, summary.csv, run.json, report.html that no earlier run recorded writing there", refused.Error);
        Assert.Contains("--force", refused.Error);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(Out, "results.json"))); // nothing ran, nothing was written
        Assert.DoesNotContain("Lost US revenue", refused.Out);

        var forced = Run(Out, "2", "--no-plots", "--force");

        Assert.Equal(0, forced.ExitCode);
        Assert.False(File.Exists(Path.Combine(Out, "report.html")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Out, "notes.txt")));
        Assert.Equal(["results.json", "summary.csv", "run.json"], Manifest());
    }

    [Fact]
    public void Plot_RedrawsIntoARecordedFolder_AndRefusesChartsNoRunRecorded()
    {
        Assert.Equal(0, Run(Out, "1", "--no-plots").ExitCode);
        Assert.Equal(0, CliRun.Of("plot", Out).ExitCode);
        Assert.Contains("report.html", Manifest());
        Assert.Contains("results.json", Manifest());

        File.WriteAllText(Path.Combine(Out, "plots", "mine.png"), "a chart of the user's");
        File.WriteAllText(Path.Combine(Out, "plots", "paired-differences.pdf"), "not recorded, with one of our charts' names");
        var refused = CliRun.Of("plot", Out);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("plots/ (1 file)", refused.Error); // the file named like our chart, not the user's own
        Assert.Equal(0, CliRun.Of("plot", Out, "--force").ExitCode);
        Assert.False(File.Exists(Path.Combine(Out, "plots", "paired-differences.pdf")));
        Assert.Equal("a chart of the user's", File.ReadAllText(Path.Combine(Out, "plots", "mine.png"))); // never touched, even with --force
    }
}
