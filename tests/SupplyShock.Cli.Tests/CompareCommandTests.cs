namespace SupplyShock.Cli.Tests;

using System.Text.Json;

/// <summary>supplyshock compare: exit 0 without drift, 1 with drift, 2 on bad input; tutorial runs at 4,000 trials.</summary>
public sealed class CompareCommandTests : IClassFixture<CompareCommandTests.Runs>
{
    private readonly Runs runs;

    public CompareCommandTests(Runs runs) => this.runs = runs;

    /// <summary>Runs shared by the tests: the tutorial twice with one seed (threads 1 and 2), once with another, and once changed.</summary>
    public sealed class Runs : IDisposable
    {
        public Runs()
        {
            Dir = Directory.CreateTempSubdirectory("supplyshock-compare-").FullName;
            Run("base", CliRun.Scenario("tutorial.yaml"), "--threads", "2");
            Run("threads1", CliRun.Scenario("tutorial.yaml"), "--threads", "1");
            Run("seed", CliRun.Scenario("tutorial.yaml"), "--seed", "77");
            // A model change: the memory substitute's range moved by a tenth.
            var changed = Path.Combine(Dir, "changed.yaml");
            File.WriteAllText(changed, File.ReadAllText(CliRun.Scenario("tutorial.yaml"))
                .Replace("{ dist: normal, mean: 0.8, sd: 0.1, min: 0.5, max: 1 }", "{ dist: normal, mean: 0.72, sd: 0.1, min: 0.45, max: 0.9 }"));
            Run("changed", changed);
        }

        public string Dir { get; }

        public string Results(string name) => Path.Combine(Dir, name, "results.json");

        private void Run(string name, string scenario, params string[] extra)
        {
            var run = CliRun.Of(["run", scenario, "--trials", "4000", "--out", Path.Combine(Dir, name), "--no-plots", .. extra]);
            Assert.Equal(0, run.ExitCode);
        }

        public void Dispose() => Directory.Delete(Dir, recursive: true);
    }

    [Fact]
    public void Compare_SameSeedOtherThreads_IdenticalAndExitZero()
    {
        var run = CliRun.Of("compare", runs.Results("base"), runs.Results("threads1"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("no drift; same scenario, seed, trials, sampler and version: every number must be identical", run.Out);
        Assert.DoesNotContain("NON-DETERMINISTIC", run.Out);
    }

    [Fact]
    public void Compare_OtherSeed_NoDrift()
    {
        var run = CliRun.Of("compare", runs.Results("base"), runs.Results("seed"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("no drift; Monte Carlo tests at 5 sigma", run.Out);
    }

    [Fact]
    public void Compare_ChangedSubstitution_DriftNamesTheMetricsAndExitsOne()
    {
        var run = CliRun.Of("compare", runs.Results("base"), runs.Results("changed"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("DRIFT    ban", run.Out);
        Assert.Contains("foreign_gain_by_component.memory", run.Out);
    }

    [Fact]
    public void Compare_EditedNumberInTheSameRun_IsNonDeterminism()
    {
        var edited = Path.Combine(runs.Dir, "edited.json");
        var text = File.ReadAllText(runs.Results("base"));
        var at = text.IndexOf("\"mean\": ", StringComparison.Ordinal) + 8;
        File.WriteAllText(edited, text[..at] + "1" + text[at..]);

        var run = CliRun.Of("compare", runs.Results("base"), edited);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("NON-DETERMINISTIC", run.Out);
    }

    [Fact]
    public void Compare_MarkdownAndJson_ForPullRequestsAndScripts()
    {
        var markdown = CliRun.Of("compare", runs.Results("base"), runs.Results("changed"), "--format", "markdown", "--policy", "ban", "--metric", "us_revenue_lost");
        Assert.StartsWith("**SupplyShock compare**", markdown.Out);
        Assert.Contains("| verdict | policy | metric |", markdown.Out);

        var json = JsonDocument.Parse(CliRun.Of("compare", runs.Results("base"), runs.Results("changed"), "--format", "json").Out).RootElement;
        Assert.True(json.GetProperty("drift").GetBoolean());
        Assert.False(json.GetProperty("same_run").GetBoolean());
        Assert.Equal("DRIFT", json.GetProperty("rows")[0].GetProperty("verdict").GetString());
    }

    [Fact]
    public void Compare_BadInput_ExitsTwoWithAClearMessage()
    {
        var truncated = Path.Combine(runs.Dir, "truncated.json");
        File.WriteAllText(truncated, File.ReadAllText(runs.Results("base"))[..500]);
        var foreign = Path.Combine(runs.Dir, "foreign.json");
        File.WriteAllText(foreign, "{ \"name\": \"not ours\" }");
        var version = Path.Combine(runs.Dir, "version.json");
        File.WriteAllText(version, File.ReadAllText(runs.Results("base")).Replace("supplyshock-results/1", "supplyshock-results/9"));
        var other = Path.Combine(runs.Dir, "other.json");
        File.WriteAllText(other, File.ReadAllText(runs.Results("base")).Replace("\"name\": \"Tutorial\"", "\"name\": \"Another\""));

        foreach (var (file, message) in new[]
        {
            (truncated, "error: not valid JSON"),
            (foreign, "error: not a SupplyShock results file"),
            (version, "is not supported"),
            (other, "cannot be compared with results of 'Tutorial'"),
            (Path.Combine(runs.Dir, "missing.json"), "no such file"),
        })
        {
            var run = CliRun.Of("compare", runs.Results("base"), file);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains(message, run.Error);
            Assert.DoesNotContain("   at ", run.Error);
        }
    }
}
