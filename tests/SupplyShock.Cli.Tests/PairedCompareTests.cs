namespace SupplyShock.Cli.Tests;

using System.Text.Json;

/// <summary>
/// Issue 8: at the same seed and trials every trial draws the same inputs (MODEL.md section 7), so compare tests the
/// per-trial differences when both runs saved them.
/// </summary>
public sealed class PairedCompareTests : IDisposable
{
    private const string Constant = "        approval: 0.2                  # a constant";

    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-paired-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>The tutorial with its constant 'case by case' approval set to <paramref name="approval"/>, run with --save-trials.</summary>
    private string Run(string name, string approval, params string[] extra)
    {
        var text = File.ReadAllText(CliRun.Scenario("tutorial.yaml"));
        Assert.Contains(Constant, text);
        var scenario = Path.Combine(dir, "tutorial.yaml");
        File.WriteAllText(scenario, text.Replace(Constant, Constant.Replace("0.2 ", approval + " ")));
        var outDir = Path.Combine(dir, name);
        var run = CliRun.Of(["run", scenario, "--trials", "4000", "--out", outDir, "--no-plots", .. extra]);
        Assert.True(run.ExitCode == 0, run.Error);
        return Path.Combine(outDir, "results.json");
    }

    [Fact]
    public void Compare_ApprovalEditedAtTheSameSeed_IsDriftByThePairedTest()
    {
        var baseline = Run("before", "0.2", "--save-trials");
        var candidate = Run("after", "0.18", "--save-trials");

        var compare = CliRun.Of("compare", baseline, candidate);

        Assert.True(compare.ExitCode == 1, compare.Out + compare.Error);
        Assert.StartsWith("paired test: the headline metrics are compared trial by trial (same scenario structure, seed 20190516, 4,000 trials and sampler)", compare.Out);
        var row = compare.Out.Split('\n').Single(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\S+\s+partial\s+us_revenue_lost\s", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)));
        Assert.StartsWith("DRIFT", row);
        Assert.Matches(@"paired z = -?[0-9.]+ \([0-9,]+ of 4,000 trials differ\)", row);

        var json = CliRun.Of("compare", baseline, candidate, "--format", "json");
        using var document = JsonDocument.Parse(json.Out);
        Assert.True(document.RootElement.GetProperty("paired").GetBoolean());
        Assert.Contains("paired test", CliRun.Of("compare", baseline, candidate, "--format", "markdown").Out);
    }

    [Fact]
    public void Compare_UnchangedScenarioAtTheSameSeed_IsIdentical()
    {
        var baseline = Run("one", "0.2", "--save-trials");
        var candidate = Run("two", "0.2", "--save-trials", "--threads", "1");

        var compare = CliRun.Of("compare", baseline, candidate);

        Assert.True(compare.ExitCode == 0, compare.Out);
        Assert.Contains("no drift; same scenario, seed, trials, sampler and version: every number must be identical", compare.Out);
        Assert.DoesNotContain("DRIFT", compare.Out);
    }

    [Fact]
    public void Compare_AnotherSeed_SaysWhyItIsNotPaired()
    {
        var baseline = Run("seed", "0.2", "--save-trials");
        var candidate = Run("other", "0.2", "--save-trials", "--seed", "7");

        var compare = CliRun.Of("compare", baseline, candidate);

        Assert.StartsWith("not paired: seeds differ (20190516 and 7); every metric is compared as two independent samples", compare.Out);
        Assert.DoesNotContain("paired z", compare.Out);
    }

    [Fact]
    public void Compare_DistributionsOverDifferentRanges_AreNotTestedNotSame()
    {
        // A larger supply value widens the range of lost US revenue, so its saved distributions cannot be compared bin by bin.
        var baseline = Run("range", "0.2");
        var text = File.ReadAllText(CliRun.Scenario("tutorial.yaml"));
        var scenario = Path.Combine(dir, "wider.yaml");
        var edited = System.Text.RegularExpressions.Regex.Replace(text, @"value: (\d+)", m => $"value: {int.Parse(m.Groups[1].Value) * 2}", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.NotEqual(text, edited);
        File.WriteAllText(scenario, edited);
        var candidateDir = Path.Combine(dir, "wider");
        Assert.Equal(0, CliRun.Of("run", scenario, "--trials", "4000", "--out", candidateDir, "--no-plots").ExitCode);

        var compare = CliRun.Of("compare", baseline, Path.Combine(candidateDir, "results.json"));

        var row = compare.Out.Split('\n').First(l => l.Contains("distributions.us_revenue_lost "));
        Assert.StartsWith("NOT TESTED", row);
        Assert.Contains("not tested", compare.Out.Split('\n').Last(l => l.Length > 0));
        var json = JsonDocument.Parse(CliRun.Of("compare", baseline, Path.Combine(candidateDir, "results.json"), "--format", "json").Out);
        Assert.True(json.RootElement.GetProperty("not_tested").GetInt32() > 0);
        Assert.Contains(json.RootElement.GetProperty("rows").EnumerateArray(), r => r.GetProperty("verdict").GetString() == "NOT TESTED");
    }

    [Fact]
    public void Compare_CorruptOrForeignPerTrialFile_ExitsTwoWithThePath()
    {
        var baseline = Run("good", "0.2", "--save-trials");
        var candidate = Run("bad", "0.18", "--save-trials");
        var corrupt = Path.Combine(Path.GetDirectoryName(candidate)!, "trials.parquet");
        File.WriteAllBytes(corrupt, File.ReadAllBytes(corrupt)[..1000]);

        var run = CliRun.Of("compare", baseline, candidate);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{corrupt}: error: not a readable Parquet file", run.Error);

        File.WriteAllText(corrupt, "trial,policy\n0,ban\n");
        Assert.StartsWith($"{corrupt}: error: not a readable Parquet file", CliRun.Of("compare", baseline, candidate).Error);
    }
}
