namespace SupplyShock.Cli.Tests;

using System.Text.Json;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary>
/// The sobol sampler (issue 10, docs/model.md section 7): thread-independent, a stopped run keeps its prefix, and its
/// standard errors are the spread of its replicate means.
/// </summary>
public sealed class SobolRunTests
{
    private static ValidScenario Tutorial() => ScenarioLoader.Load(CliRun.Scenario("tutorial.yaml")).Scenario!;

    private static byte[] Json(RunResults results)
    {
        using var buffer = new MemoryStream();
        ResultsJson.Write(buffer, results);
        return buffer.ToArray();
    }

    [Fact]
    public void Sobol_Threads1And2_IdenticalResultsJson()
    {
        var scenario = Tutorial();
        var options = new RunOptions(5 * SimulationRunner.BlockSize + 8, 7, Sampler.Sobol, 1);

        var one = Json(SimulationRunner.Run(scenario, options));
        var two = Json(SimulationRunner.Run(scenario, options with { Threads = 2 }));

        Assert.Equal(one, two);
    }

    [Fact]
    public void Sobol_ResultsJson_RecordsReplicates_OnlyUnderSobol()
    {
        var scenario = Tutorial();
        var sobol = JsonDocument.Parse(Json(SimulationRunner.Run(scenario, new RunOptions(1024, 7, Sampler.Sobol, 2) { Replicates = 4 })));
        var carlo = JsonDocument.Parse(Json(SimulationRunner.Run(scenario, new RunOptions(1024, 7, Sampler.MonteCarlo, 2))));

        Assert.Equal("sobol", sobol.RootElement.GetProperty("run").GetProperty("sampler").GetString());
        Assert.Equal(4, sobol.RootElement.GetProperty("run").GetProperty("replicates").GetInt32());
        Assert.False(carlo.RootElement.GetProperty("run").TryGetProperty("replicates", out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Sobol_Stopped_KeepsExactlyARunOfTheTrialsDone(int threads)
    {
        var scenario = Tutorial();
        var options = new RunOptions(50_000, 11, Sampler.Sobol, threads);
        using var stop = new CancellationTokenSource();
        var progress = new Reporter(done => { if (done >= 3 * SimulationRunner.BlockSize) stop.Cancel(); });

        var stopped = Assert.Throws<RunStoppedException>(() => SimulationRunner.Run(scenario, options, progress, stop.Token));

        Assert.InRange(stopped.Done, 3 * SimulationRunner.BlockSize, 50_000 - 1);
        Assert.NotNull(stopped.Kept);
        var fresh = SimulationRunner.Run(scenario, options with { Trials = (int)stopped.Done, Threads = 1 });
        Assert.Equal(Json(fresh), Json(stopped.Kept));
    }

    /// <summary>
    /// se = sd(replicate means) / sqrt(R), the means of trials t with t mod R = r, computed here from the per-trial values
    /// the observer sees. Tolerance 1e-9 relative: the accumulator sums values quantised to 2^-48 of the metric's range.
    /// </summary>
    [Fact]
    public void Sobol_Se_IsTheSpreadOfTheReplicateMeans()
    {
        var scenario = Tutorial();
        const int replicates = 8;
        var options = new RunOptions(4096, 3, Sampler.Sobol, 2);
        var observer = new Collector();

        var results = SimulationRunner.Run(scenario, options, observer: observer);

        var lost = observer.Columns!.Outcomes.ToList().IndexOf("us_revenue_lost");
        var policies = observer.Columns.Policies.Count;
        var width = observer.Columns.Outcomes.Count;
        double Value(long trial, int policy) => observer.Outcomes[trial][(policy * width) + lost];
        double ReplicateSe(Func<long, double> value)
        {
            var means = Enumerable.Range(0, replicates)
                .Select(r => Enumerable.Range(0, options.Trials).Where(t => t % replicates == r).Average(t => value(t)))
                .ToArray();
            var average = means.Average();
            return Math.Sqrt(means.Sum(m => (m - average) * (m - average)) / (replicates - 1) / replicates);
        }

        for (var p = 0; p < policies; p++)
        {
            var reported = results.Policies[p].Metrics["us_revenue_lost"];
            var expected = ReplicateSe(t => Value(t, p));
            Assert.True(Math.Abs(reported.Se - expected) <= 1e-9 * expected, $"{results.Policies[p].Name}: se {reported.Se}, by hand {expected}");
        }
        var difference = results.Differences[0];
        var expectedDifference = ReplicateSe(t => Value(t, 0) - Value(t, 1));
        Assert.True(Math.Abs(difference.Metrics["us_revenue_lost"].Se - expectedDifference) <= 1e-9 * expectedDifference);
    }

    [Fact]
    public void Cli_SobolTrialsNotAMultipleOfReplicates_ExitsTwoAndSuggestsOne()
    {
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--sampler", "sobol", "--trials", "1001");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--trials 1001: under the sobol sampler must be a multiple of the 8 replicates; use 1008", run.Error);
    }

    [Fact]
    public void Cli_Sobol_SaysTheStandardErrorsComeFromScramblings()
    {
        var run = CliRun.Of("run", CliRun.Scenario("tutorial.yaml"), "--sampler", "sobol", "--trials", "1024", "--replicates", "4");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1,024 trials, seed 20190516, sobol, standard errors from 4 scramblings", run.Out);
    }

    private sealed class Collector : ITrialObserver
    {
        public TrialColumns? Columns { get; private set; }

        public Dictionary<long, double[]> Outcomes { get; } = [];

        public void Begin(TrialColumns columns) => Columns = columns;

        public void Block(long from, int count, ReadOnlySpan<double> inputs, ReadOnlySpan<double> outcomes)
        {
            var width = outcomes.Length / count;
            lock (Outcomes)
            {
                for (var k = 0; k < count; k++)
                {
                    Outcomes[from + k] = outcomes.Slice(k * width, width).ToArray();
                }
            }
        }
    }

    private sealed class Reporter(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
