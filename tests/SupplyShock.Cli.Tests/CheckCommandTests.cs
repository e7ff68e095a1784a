namespace SupplyShock.Cli.Tests;

using System.Xml.Linq;

public sealed class CheckCommandTests : IDisposable
{
    /// <summary>The trials the shipped baselines were made with; bless with the same (README).</summary>
    public const string BaselineTrials = "20000";

    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-check-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string Baselines(params string[] more) => Path.Combine([CliRun.Root, "tests", "baselines", .. more]);

    [Fact]
    public void Check_ShippedScenarios_MatchTheirBaselinesToTheBit()
    {
        // A code change that moves any shipped result fails here; bless an intended change as README.md says.
        var run = CliRun.Of("check", CliRun.Scenario("huawei-2019.yaml"), CliRun.Scenario("tutorial.yaml"), "--baselines", Baselines(), "--trials", BaselineTrials);
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains("every number must be identical", run.Out);

        var csv = CliRun.Of("check", CliRun.Scenario("tutorial-csv/tutorial.yaml"), "--baselines", Baselines("tutorial-csv"), "--trials", BaselineTrials);
        Assert.True(csv.ExitCode == 0, csv.Out + csv.Error);
    }

    [Fact]
    public void Check_Huawei_SubstitutionRangeMovedByATenth_IsCaughtAndAnotherSeedIsNot()
    {
        // Issue 4: RF front-end substitution pert(0.6, 0.85, 1.0) scaled by 0.9, checked against the shipped baseline.
        var original = File.ReadAllText(CliRun.Scenario("huawei-2019.yaml"));
        const string range = "substitution: { dist: pert, min: 0.6, mode: 0.85, max: 1.0 }";
        var at = original.IndexOf(range, StringComparison.Ordinal); // the first such range is the RF front end's
        var edited = original[..at] + "substitution: { dist: pert, min: 0.54, mode: 0.765, max: 0.9 }" + original[(at + range.Length)..];
        Assert.NotEqual(original, edited);
        var changed = Path.Combine(dir, "huawei-2019.yaml");
        File.WriteAllText(changed, edited);

        var run = CliRun.Of("check", changed, "--baselines", Baselines(), "--trials", BaselineTrials, "--policy", "ban");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("paired test: the headline metrics are compared trial by trial", run.Out); // the shipped per-trial baseline
        Assert.Contains("foreign_gain_by_component.rf_frontend", run.Out);
        Assert.Contains("output.handsets", run.Out);

        var reseeded = CliRun.Of("check", CliRun.Scenario("huawei-2019.yaml"), "--baselines", Baselines(), "--trials", BaselineTrials, "--seed", "7");
        Assert.True(reseeded.ExitCode == 0, reseeded.Out);
        Assert.Contains("no drift; Monte Carlo tests at 5 sigma", reseeded.Out);
    }

    [Fact]
    public void ShippedBaselines_WithTheirPerTrialFiles_StayUnderThreeMegabytes()
    {
        var files = Directory.GetFiles(Baselines(), "*", SearchOption.AllDirectories);
        Assert.Equal(3, files.Count(f => f.EndsWith(".trials.parquet", StringComparison.Ordinal)));
        Assert.InRange(files.Sum(f => new FileInfo(f).Length), 0, 3_000_000);
    }

    [Fact]
    public void Check_MissingBaseline_IsAnErrorUnlessBlessing()
    {
        var missing = CliRun.Of("check", CliRun.Scenario("tutorial.yaml"), "--baselines", dir, "--trials", "500");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("run with --bless to create it", missing.Error);

        var blessed = CliRun.Of("check", CliRun.Scenario("tutorial.yaml"), "--baselines", dir, "--trials", "500", "--bless");
        Assert.Equal(0, blessed.ExitCode);
        Assert.Contains("new baseline", blessed.Out);
        Assert.True(File.Exists(Path.Combine(dir, "tutorial.json")));
        Assert.True(File.Exists(Path.Combine(dir, "tutorial.trials.parquet")));
    }

    [Fact]
    public void Check_ModelChange_ExitsOneAndJUnitNamesTheFailingMetrics()
    {
        CliRun.Of("check", CliRun.Scenario("tutorial.yaml"), "--baselines", dir, "--trials", "4000", "--bless");
        var changed = Path.Combine(dir, "tutorial.yaml");
        File.WriteAllText(changed, File.ReadAllText(CliRun.Scenario("tutorial.yaml")).Replace("ramp: 6", "ramp: 12"));
        var junit = Path.Combine(dir, "junit.xml");

        var run = CliRun.Of("check", changed, "--baselines", dir, "--trials", "4000", "--junit", junit);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("DRIFT", run.Out);
        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal("tutorial", suite.Attribute("name")!.Value);
        Assert.True(int.Parse(suite.Attribute("failures")!.Value) > 0);
        Assert.Contains(suite.Elements("testcase"), c => c.Element("failure") is not null);

        // Blessing says what changed, then the check passes.
        var bless = CliRun.Of("check", changed, "--baselines", dir, "--trials", "4000", "--bless");
        Assert.Contains("(blessing the change)", bless.Out);
        Assert.Equal(0, CliRun.Of("check", changed, "--baselines", dir, "--trials", "4000").ExitCode);
    }

    [Fact]
    public void Check_InvalidScenario_ExitsTwoBeforeRunningAnything()
    {
        var bad = Path.Combine(dir, "bad.yaml");
        File.WriteAllText(bad, "supplyshock: 1\n");

        var run = CliRun.Of("check", bad, CliRun.Scenario("tutorial.yaml"), "--baselines", dir, "--bless");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not a valid scenario; nothing was run", run.Error);
        Assert.False(File.Exists(Path.Combine(dir, "tutorial.json")));
    }
}
