namespace SupplyShock.Cli.Tests;

using System.Text.Json;
using Parquet;
using SupplyShock.Reporting;

/// <summary><c>run --save-trials</c>: one row per trial and policy, the same bytes for any thread count, read back by compare.</summary>
public sealed class TrialsFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-trials-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Run(string name, params string[] extra)
    {
        var outDir = Path.Combine(dir, name);
        var run = CliRun.Of(["run", CliRun.Scenario("tutorial.yaml"), "--trials", "3000", "--out", outDir, "--no-plots", "--save-trials", .. extra]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("trials.parquet", run.Error);
        return outDir;
    }

    [Fact]
    public void SaveTrials_AnyThreadCount_SameBytes()
    {
        var one = File.ReadAllBytes(Path.Combine(Run("one", "--threads", "1"), "trials.parquet"));
        var two = File.ReadAllBytes(Path.Combine(Run("two", "--threads", "2"), "trials.parquet"));

        Assert.Equal(one, two);
    }

    [Fact]
    public async Task SaveTrials_RowsPerTrialAndPolicy_NamedByInputKeyAndMetric_WithTheRunInTheMetadata()
    {
        var outDir = Run("tutorial");
        var path = Path.Combine(outDir, "trials.parquet");

        await using (var reader = await ParquetReader.CreateAsync(path))
        {
            var names = reader.Schema.DataFields.Select(f => f.Name).ToArray();
            Assert.Equal(["trial", "policy"], names[..2]);
            Assert.Contains("approval", names); // a named parameter, by its name
            Assert.Contains("policies.partial.rules.phone processors.approval", names); // an inline distribution, by its place (MODEL.md section 7)
            Assert.Equal(["us_revenue_lost", "us_revenue_lost_share", "supply_through", "us_supply_through", "foreign_gain", "output.phones", "output.network"], names[^7..]);
            Assert.Equal(3000 * 4, reader.RowGroups.Sum(g => g.RowCount));
            Assert.Equal("20190516", reader.CustomMetadata["supplyshock.seed"]);
            Assert.Equal("latin-hypercube", reader.CustomMetadata["supplyshock.sampler"]);
        }

        var (trials, error) = TrialsFile.ReadIfPresent(path);
        Assert.Null(error);
        Assert.Equal(["ban", "partial", "partial-fdpr", "relax"], trials!.Policies);
        Assert.Equal(3000, trials.Identity.Saved);
        // The per-trial outcomes are the trials results.json summarises.
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var mean = json.RootElement.GetProperty("policies").GetProperty("partial").GetProperty("output").GetProperty("phones").GetProperty("mean").GetDouble();
        Assert.Equal(mean, trials.Outcome("partial", "output.phones")!.Average(), 9);
    }

    [Fact]
    public void SaveTrials_WithoutOut_IsAUsageError()
    {
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--trials", "100", "--save-trials");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--save-trials: needs --out DIR", run.Error);
    }

    [Fact]
    public async Task SaveTrials_MonteCarloStopped_HoldsExactlyTheTrialsKept()
    {
        var scenario = Path.Combine(dir, "tutorial-mc.yaml");
        File.WriteAllText(scenario, File.ReadAllText(CliRun.Scenario("tutorial.yaml")).Replace("sampler: latin-hypercube", "sampler: monte-carlo"));
        var outDir = Path.Combine(dir, "stopped");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var exit = await CliApp.RunAsync(["run", scenario, "--trials", "100000000", "--out", outDir, "--save-trials"], new StringWriter(), new StringWriter(), stop.Token);

        Assert.Equal(130, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var kept = json.RootElement.GetProperty("run").GetProperty("trials").GetInt64();
        var (trials, error) = TrialsFile.ReadIfPresent(Path.Combine(outDir, "trials.parquet"));
        Assert.Null(error);
        Assert.Equal(kept, trials!.Identity.Saved);
        Assert.Equal(kept, trials.Identity.Trials);
        Assert.Equal(kept, trials.Outcome("ban", "us_revenue_lost")!.Length);
        Assert.Empty(Directory.GetFiles(outDir, ".*.tmp"));
    }

    [Fact]
    public async Task SaveTrials_LatinHypercubeStopped_LeavesNoFileAndNoFolder()
    {
        var outDir = Path.Combine(dir, "lhs");
        var stderr = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var exit = await CliApp.RunAsync(["run", CliRun.Scenario("tutorial.yaml"), "--trials", "100000000", "--out", outDir, "--save-trials"], new StringWriter(), stderr, stop.Token);

        Assert.True(exit == 130, stderr.ToString());
        Assert.Contains("nothing was written", stderr.ToString());
        Assert.False(Directory.Exists(outDir));
    }
}
