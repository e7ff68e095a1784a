namespace SupplyShock.Cli.Tests;

using System.Text.Json;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary>A run stopped half way keeps its first trials when they are a run of their own (Monte Carlo), and says so.</summary>
public sealed class StoppedRunTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-stop-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>The tutorial with the given sampler, as a file (it ships with latin-hypercube).</summary>
    private string Tutorial(string sampler)
    {
        var text = File.ReadAllText(CliRun.Scenario("tutorial.yaml"));
        Assert.Contains("sampler: latin-hypercube", text);
        var path = Path.Combine(dir, $"tutorial-{sampler}.yaml");
        File.WriteAllText(path, text.Replace("sampler: latin-hypercube", $"sampler: {sampler}"));
        return path;
    }

    private static ValidScenario Load(string path) => ScenarioLoader.Load(path).Scenario!;

    private static byte[] Json(RunResults results)
    {
        using var buffer = new MemoryStream();
        ResultsJson.Write(buffer, results);
        return buffer.ToArray();
    }

    /// <summary>Stops the run once <paramref name="after"/> trials are reported done.</summary>
    private static RunStoppedException Stop(ValidScenario scenario, RunOptions options, long after)
    {
        using var stop = new CancellationTokenSource();
        var progress = new Reporter(done => { if (done >= after) stop.Cancel(); });
        return Assert.Throws<RunStoppedException>(() => SimulationRunner.Run(scenario, options, progress, stop.Token));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MonteCarlo_Stopped_KeepsExactlyARunOfTheTrialsDone(int threads)
    {
        var scenario = Load(Tutorial("monte-carlo"));
        var options = new RunOptions(50_000, 11, Sampler.MonteCarlo, threads);

        var stopped = Stop(scenario, options, after: 3 * SimulationRunner.BlockSize);

        Assert.Equal(50_000, stopped.Planned);
        Assert.InRange(stopped.Done, 3 * SimulationRunner.BlockSize, 50_000 - 1);
        Assert.Equal(0, stopped.Done % SimulationRunner.BlockSize);
        Assert.NotNull(stopped.Kept);
        Assert.Equal(stopped.Done, stopped.Kept.Run.Trials);
        var fresh = SimulationRunner.Run(scenario, options with { Trials = (int)stopped.Done, Threads = 1 });
        Assert.Equal(Json(fresh), Json(stopped.Kept));
    }

    [Fact]
    public void LatinHypercube_Stopped_KeepsNothing()
    {
        var scenario = Load(CliRun.Scenario("tutorial.yaml"));
        var options = new RunOptions(50_000, 11, Sampler.LatinHypercube, 2);

        var stopped = Stop(scenario, options, after: SimulationRunner.BlockSize);

        Assert.True(stopped.Done > 0);
        Assert.Null(stopped.Kept);
    }

    [Fact]
    public async Task Cli_MonteCarloStopped_WritesTheTrialsDone_AndSaysSo()
    {
        var outDir = Path.Combine(dir, "out");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3)); // far less than 100 million trials take

        var exit = await CliApp.RunAsync(["run", Tutorial("monte-carlo"), "--trials", "100000000", "--out", outDir], stdout, stderr, stop.Token);

        Assert.Equal(130, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var trials = json.RootElement.GetProperty("run").GetProperty("trials").GetInt64();
        Assert.InRange(trials, 1, 100_000_000 - 1);
        Assert.Contains($"stopped after {trials:N0} of 100,000,000 trials and kept them (the same results as --trials {trials}): wrote {Path.Combine(outDir, "results.json")}", stderr.ToString());
        Assert.True(File.Exists(Path.Combine(outDir, "summary.csv")));
        Assert.True(File.Exists(Path.Combine(outDir, "run.json")));
        Assert.False(Directory.Exists(Path.Combine(outDir, "plots")));
        Assert.Contains("Lost US revenue", stdout.ToString());
    }

    [Fact]
    public async Task Cli_LatinHypercubeStopped_WritesNothing_AndSaysWhy()
    {
        var outDir = Path.Combine(dir, "lhs");
        var stderr = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var exit = await CliApp.RunAsync(["run", CliRun.Scenario("tutorial.yaml"), "--trials", "100000000", "--out", outDir], new StringWriter(), stderr, stop.Token);

        Assert.Equal(130, exit);
        Assert.Contains("nothing was written: a Latin hypercube sample is complete only at its last trial", stderr.ToString());
        Assert.False(Directory.Exists(outDir));
    }

    /// <summary>Reports on the worker's thread, at once (<see cref="Progress{T}"/> would post them elsewhere, later).</summary>
    private sealed class Reporter(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
