namespace SupplyShock.Cli.Tests;

using System.Text.Json;
using SupplyShock.Reporting;

public sealed class RunCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-run-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private CliRun Run(string outName, params string[] extra) =>
        CliRun.Of(["run", CliRun.Scenario("tutorial.yaml"), "--trials", "3000", "--out", Path.Combine(dir, outName), "--no-plots", .. extra]);

    [Fact]
    public void Run_WithOut_DrawsChartsAndReport_AndPlotRedrawsThemWithoutRunning()
    {
        var outDir = Path.Combine(dir, "plotted");
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--trials", "1000", "--out", outDir);

        Assert.Equal(0, run.ExitCode);
        var pngs = Directory.GetFiles(Path.Combine(outDir, "plots"), "*.png").Select(Path.GetFileName).Order().ToArray();
        Assert.Contains("lost-us-revenue-distribution.png", pngs);
        Assert.Contains("tornado-ban-us-revenue-lost.png", pngs); // ranked on the run's own trials (tornado.json), so plot redraws it
        Assert.Equal(pngs.Length, Directory.GetFiles(Path.Combine(outDir, "plots"), "*.svg").Length);
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        Assert.Contains("Assumptions that drive the result", File.ReadAllText(Path.Combine(outDir, "report.html")));

        Directory.Delete(Path.Combine(outDir, "plots"), recursive: true);
        File.Delete(Path.Combine(outDir, "report.html"));
        var results = File.ReadAllBytes(Path.Combine(outDir, "results.json"));
        var plot = CliRun.Of("plot", outDir);

        Assert.Equal(0, plot.ExitCode);
        Assert.Equal(pngs, Directory.GetFiles(Path.Combine(outDir, "plots"), "*.png").Select(Path.GetFileName).Order().ToArray());
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        Assert.Equal(results, File.ReadAllBytes(Path.Combine(outDir, "results.json"))); // nothing was run again
    }

    [Fact]
    public void ResultsAndRunJson_ReadBack_WriteTheSameBytes()
    {
        var run = Run("roundtrip");
        var results = File.ReadAllBytes(Path.Combine(dir, "roundtrip", "results.json"));
        var provenance = File.ReadAllBytes(Path.Combine(dir, "roundtrip", "run.json"));

        using var again = new MemoryStream();
        var read = ResultsJson.Read(results);
        ResultsJson.Write(again, read);
        using var provenanceAgain = new MemoryStream();
        RunProvenance.Read(Path.Combine(dir, "roundtrip", "run.json")).Provenance!.Write(provenanceAgain);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(results, again.ToArray());
        Assert.Equal(provenance, provenanceAgain.ToArray());
        Assert.Equal("5G network gear", read.Scenario.Names.EndUse("network")); // names travel, so charts never show an id
    }

    [Fact]
    public void Plot_FolderWithoutResults_ExitsTwo()
    {
        var run = CliRun.Of("plot", Path.Combine(dir, "nothing-here"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot read the results file", run.Error);
    }

    [Fact]
    public void Run_Tutorial_PrintsPolicyTableAndWritesThreeFiles()
    {
        var run = Run("out");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Lost US revenue", run.Out);
        Assert.Contains("ban - partial", run.Out);
        Assert.True(File.Exists(Path.Combine(dir, "out", "results.json")));
        Assert.True(File.Exists(Path.Combine(dir, "out", "summary.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "out", "run.json")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(dir, "out"), "*.tmp"));
    }

    [Fact]
    public void Run_ResultsJson_HasEveryKeyFormatMdNames()
    {
        Run("keys");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "keys", "results.json")));
        var root = json.RootElement;

        Assert.Equal("supplyshock-results/1", root.GetProperty("format").GetString());
        Assert.Equal(64, root.GetProperty("scenario").GetProperty("sha256").GetString()!.Length);
        Assert.Equal(3000, root.GetProperty("run").GetProperty("trials").GetInt64());
        Assert.Equal("latin-hypercube", root.GetProperty("run").GetProperty("sampler").GetString());
        var ban = root.GetProperty("policies").GetProperty("ban");
        string[] metrics = ["us_revenue_lost", "us_revenue_lost_share", "supply_through", "us_supply_through", "foreign_gain", "us_revenue_baseline"];
        string[] statistics = ["mean", "sd", "se", "p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "es95"];
        foreach (var metric in metrics)
        {
            var stats = ban.GetProperty("metrics").GetProperty(metric);
            Assert.Equal(statistics, stats.EnumerateObject().Select(p => p.Name));
        }
        foreach (var key in new[] { "output", "foreign_gain_by_component", "output_by_period", "lost_by_supplier", "availability", "binding" })
        {
            Assert.True(ban.TryGetProperty(key, out _), key);
        }
        Assert.Equal(4, ban.GetProperty("output_by_period").GetProperty("phones").GetArrayLength());
        Assert.Equal(5, ban.GetProperty("lost_by_supplier").EnumerateObject().Count());
        var difference = root.GetProperty("differences").GetProperty("ban").GetProperty("partial");
        Assert.True(difference.TryGetProperty("us_revenue_lost", out _));
        Assert.True(difference.GetProperty("output").TryGetProperty("network", out _));
    }

    [Fact]
    public void Run_DifferentThreadCounts_WriteIdenticalResultsBytes()
    {
        // MODEL.md section 7: same file, seed and trials give identical output bytes whatever --threads.
        Run("t1", "--threads", "1");
        Run("t2", "--threads", "2");
        Run("t4", "--threads", "4");

        var one = File.ReadAllBytes(Path.Combine(dir, "t1", "results.json"));
        Assert.Equal(one, File.ReadAllBytes(Path.Combine(dir, "t2", "results.json")));
        Assert.Equal(one, File.ReadAllBytes(Path.Combine(dir, "t4", "results.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "t1", "summary.csv")), File.ReadAllText(Path.Combine(dir, "t4", "summary.csv")));
    }

    [Fact]
    public void Run_PolicyFilter_RunsOnlyThosePolicies()
    {
        var run = Run("some", "--policy", "ban", "--policy", "relax");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "some", "results.json")));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["ban", "relax"], json.RootElement.GetProperty("policies").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("--policy", "bann")]
    [InlineData("--trials", "0")]
    [InlineData("--threads", "0")]
    [InlineData("--trials", "many")]
    public void Run_BadOption_ExitsTwoAndWritesNothing(string option, string value)
    {
        var run = Run("bad", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error", run.Error);
        Assert.False(Directory.Exists(Path.Combine(dir, "bad")));
    }

    [Fact]
    public async Task Run_Cancelled_ExitsWithInterruptAndWritesNothing()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var exit = await CliApp.RunAsync(["run", CliRun.Scenario("tutorial.yaml"), "--out", Path.Combine(dir, "stopped")], stdout, stderr, cancelled.Token);

        Assert.Equal(130, exit);
        Assert.Contains("nothing was written", stderr.ToString());
        Assert.False(Directory.Exists(Path.Combine(dir, "stopped")));
    }

    [Fact]
    public void Run_InvalidScenario_ExitsTwoBeforeAnyTrial()
    {
        var path = Path.Combine(dir, "bad.yaml");
        File.WriteAllText(path, "supplyshock: 1\nsuppliers: []\n");

        var run = CliRun.Of("run", path, "--out", Path.Combine(dir, "never"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{path}:1:1: error: missing required key 'components'", run.Error);
        Assert.False(Directory.Exists(Path.Combine(dir, "never")));
    }
}

public sealed class ChartOptionTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-chart-options-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Run_WithPlotSizeDpiAndFormats_WritesJournalSizedPngAndPdfOnly()
    {
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--trials", "500", "--out", dir, "--plot-size", "6.5x4in", "--dpi", "300", "--plot-format", "png,pdf");

        Assert.Equal(0, run.ExitCode);
        var plots = Path.Combine(dir, "plots");
        Assert.Empty(Directory.GetFiles(plots, "*.svg"));
        var png = File.ReadAllBytes(Path.Combine(plots, "output-by-end-use.png"));
        // IHDR: width and height, big-endian, at bytes 16 and 20. 6.5 x 4 inches at 300 dpi.
        Assert.Equal((1950, 1200), (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
        Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(Path.Combine(plots, "output-by-end-use.pdf"))[..4]);
        Assert.Contains("(plots/output-by-end-use.png)", File.ReadAllText(Path.Combine(dir, "report.md")));
    }

    [Theory]
    [InlineData("--plot-size", "10x", "--plot-size 10x")]
    [InlineData("--plot-size", "0.1x4in", "--plot-size 0.1x4in")]
    [InlineData("--dpi", "5", "--dpi 5")]
    [InlineData("--dpi", "abc", "--dpi abc: expected a whole number from 36 to 1200")]
    [InlineData("--plot-format", "png,,svg", "--plot-format png,,svg")]
    [InlineData("--plot-format", "png,jpeg", "--plot-format png,jpeg")]
    public void Run_WithABadChartOption_ExitsTwoBeforeRunning(string option, string value, string expected)
    {
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--trials", "500", "--out", dir, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"supplyshock: error: {expected}", run.Error);
        Assert.False(File.Exists(Path.Combine(dir, "results.json")));
    }

    /// <summary>Skia's native SVG backend writes to the process's stderr, out of reach of any TextWriter: run the real program.</summary>
    [Fact]
    public async Task Run_WithOut_PrintsNothingOnStderrButWhatItWrote()
    {
        var program = Path.Combine(AppContext.BaseDirectory, "supplyshock.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [program, "run", CliRun.Scenario("huawei-2019.yaml"), "--trials", "600", "--out", dir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stdout;

        Assert.Equal(0, process.ExitCode);
        Assert.All(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("Wrote ", line));
    }
}
