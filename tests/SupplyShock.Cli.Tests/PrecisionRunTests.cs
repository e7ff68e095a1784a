namespace SupplyShock.Cli.Tests;

using System.Text.Json;
using SupplyShock.Core.Engine;

/// <summary><c>run --precision P</c> (issue 10): stops at a checkpoint, and the run it stops is a run of that many trials.</summary>
public sealed class PrecisionRunTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-precision-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static long Trials(string outDir)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        return json.RootElement.GetProperty("run").GetProperty("trials").GetInt64();
    }

    [Theory]
    [InlineData("1", "2")]
    [InlineData("2", "1")]
    public void Precision_StopsAtACheckpoint_ResultsSameAsFixedTrials(string autoThreads, string fixedThreads)
    {
        var auto = Path.Combine(dir, "auto");
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--precision", "2%", "--sampler", "monte-carlo", "--threads", autoThreads, "--out", auto, "--no-plots");

        Assert.Equal(0, run.ExitCode);
        var trials = Trials(auto);
        Assert.Contains(trials, AutoStop.Checkpoints(AutoStop.DefaultMaxTrials));
        Assert.Contains($"stopped at {trials:N0} trials: every headline mean within 2%", run.Out);
        Assert.True(File.Exists(Path.Combine(auto, "convergence.json")));

        var fixedDir = Path.Combine(dir, "fixed");
        var again = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--trials", trials.ToString(), "--sampler", "monte-carlo", "--threads", fixedThreads, "--out", fixedDir, "--no-plots");

        Assert.Equal(0, again.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(fixedDir, "results.json")), File.ReadAllBytes(Path.Combine(auto, "results.json")));
        Assert.False(File.Exists(Path.Combine(fixedDir, "convergence.json")));
    }

    [Fact]
    public void Precision_TinyWithSmallCap_StopsAtTheCapAndSaysWhichMeanIsWorst()
    {
        var outDir = Path.Combine(dir, "cap");
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--precision", "0.001%", "--max-trials", "3000", "--sampler", "monte-carlo", "--out", outDir, "--no-plots");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3000, Trials(outDir));
        Assert.Contains("reached --max-trials 3,000 before 0.001%: worst is ", run.Out);
        var convergence = Reporting.PrecisionReport.Read(Path.Combine(outDir, "convergence.json"))!;
        Assert.Equal([1024L, 2048, 3000], convergence.Checkpoints.Select(c => c.Trials));
        Assert.False(convergence.Reached);
        var provenance = Reporting.RunProvenance.Read(Path.Combine(outDir, "run.json")).Provenance!;
        Assert.Equal(("0.001%", false, 3000L), (provenance.Precision, provenance.PrecisionReached, provenance.MaxTrials));
    }

    [Fact]
    public void Precision_WithOut_DrawsTheConvergenceChart_AndPlotRedrawsIt()
    {
        var outDir = Path.Combine(dir, "charts");
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--precision", "0.001%", "--max-trials", "2048", "--sampler", "monte-carlo", "--out", outDir, "--plot-format", "png");
        var chart = Path.Combine(outDir, "plots", "convergence.png");

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(chart));
        Assert.Contains("## Precision reached", File.ReadAllText(Path.Combine(outDir, "report.md")));
        File.Delete(chart);

        Assert.Equal(0, CliRun.Of("plot", outDir, "--plot-format", "png").ExitCode);
        Assert.True(File.Exists(chart));
        Assert.True(File.Exists(Path.Combine(outDir, "convergence.json")));

        // A fixed-trials run into the same folder removes the auto-stopped run's convergence.json and chart.
        Assert.Equal(0, CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--trials", "600", "--out", outDir, "--plot-format", "png").ExitCode);
        Assert.False(File.Exists(chart));
        Assert.False(File.Exists(Path.Combine(outDir, "convergence.json")));
    }

    [Theory]
    [InlineData("-1", "--precision -1: must be greater than 0")]
    [InlineData("abc", "--precision abc: not a number")]
    [InlineData("0%", "--precision 0%: must be greater than 0")]
    [InlineData("100%", "--precision 100%: must be below 100%")]
    public void Precision_Bad_ExitsTwoWithTheReason(string precision, string expected)
    {
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--precision", precision, "--sampler", "monte-carlo");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"supplyshock: error: {expected}", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void Precision_UnderLatinHypercube_IsRefusedWithTheFix()
    {
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--precision", "1%");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("a Latin hypercube's strata depend on the planned trials", run.Error);
        Assert.Contains("add --sampler monte-carlo", run.Error);
    }

    [Fact]
    public void Precision_UnderSobol_StopsOnTheScramblingsIntervals_SameAsFixedTrials()
    {
        var auto = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--precision", "2%", "--sampler", "sobol", "--out", Path.Combine(dir, "auto"), "--no-plots");
        var stoppedAt = System.Text.RegularExpressions.Regex.Match(auto.Error + auto.Out, @"stopped at ([\d,]+) trials").Groups[1].Value.Replace(",", "");
        var fixedRun = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--trials", stoppedAt, "--sampler", "sobol", "--out", Path.Combine(dir, "fixed"), "--no-plots");

        Assert.Equal(0, auto.ExitCode);
        Assert.Equal(0, fixedRun.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "fixed", "results.json")), File.ReadAllBytes(Path.Combine(dir, "auto", "results.json")));
        // The half-widths use Student's t with 7 degrees of freedom (2.365), not 1.96: se comes from 8 scramblings.
        Assert.Equal(2.3646, SupplyShock.Core.Engine.PrecisionTarget.HalfWidthFactor(SupplyShock.Core.Model.Sampler.Sobol, 8), 4);
    }

    [Fact]
    public void Precision_UnderSobol_CapNotAMultipleOfTheReplicates_IsRefused()
    {
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--precision", "1%", "--sampler", "sobol", "--max-trials", "5001");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--max-trials 5001: under the sobol sampler must be a multiple of the 8 replicates; use 5008", run.Error);
    }

    [Fact]
    public void Precision_WithTrialsOrMaxTrialsAlone_IsRefused()
    {
        var both = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--precision", "1%", "--trials", "5000", "--sampler", "monte-carlo");
        var capOnly = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--max-trials", "5000");

        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--trials 5000: a run with --precision picks its own trials", both.Error);
        Assert.Equal(2, capOnly.ExitCode);
        Assert.Contains("--max-trials 5000: only bounds a run with --precision P", capOnly.Error);
    }

    [Fact]
    public void Sampler_Override_ReplacesTheScenarios()
    {
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--trials", "600", "--sampler", "monte-carlo");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("600 trials, seed", run.Out);
        Assert.Contains("monte-carlo", run.Out);
    }
}
