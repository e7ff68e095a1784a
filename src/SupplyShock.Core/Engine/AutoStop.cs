namespace SupplyShock.Core.Engine;

using System.Globalization;
using SupplyShock.Core.Model;

/// <summary>
/// A precision asked of every headline mean (issue 10, docs/model.md section 7): the 95% interval half-width, 1.96 se,
/// within <see cref="Value"/> times the mean's magnitude (<see cref="Relative"/>) or within <see cref="Value"/> in the
/// scenario's money unit. An absolute precision bounds the money metrics only (lost US revenue, foreign gain and the
/// paired differences of lost US revenue): the shares have no money unit, so they are reported but do not decide the stop.
/// </summary>
public sealed record PrecisionTarget(double Value, bool Relative)
{
    /// <summary>The z of a two-sided 95% normal interval.</summary>
    public const double Z95 = 1.96;

    /// <summary>
    /// What multiplies se for a 95% half-width: 1.96 when se comes from independent trials; Student's t with R - 1 degrees
    /// of freedom when it comes from the spread of R scramblings of a Sobol' sample (2.36 for R = 8, docs/model.md 7.5).
    /// </summary>
    public static double HalfWidthFactor(Sampler sampler, int? replicates) =>
        sampler == Sampler.Sobol && replicates is > 1 ? MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, replicates.Value - 1, 0.975) : Z95;

    /// <summary><c>0.5%</c> (relative) or <c>10</c> (absolute, money); null with the reason when neither.</summary>
    public static (PrecisionTarget? Target, string? Problem) Parse(string text)
    {
        var trimmed = text.Trim();
        var relative = trimmed.EndsWith('%');
        var number = relative ? trimmed[..^1] : trimmed;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return (null, $"--precision {text}: not a number; give a share of the mean such as 0.5% or an amount in the scenario's money unit such as 10");
        }
        if (value <= 0)
        {
            return (null, $"--precision {text}: must be greater than 0");
        }
        if (relative && value >= 100)
        {
            return (null, $"--precision {text}: must be below 100%");
        }
        return (new PrecisionTarget(relative ? value / 100 : value, relative), null);
    }

    /// <summary>As the user writes it: <c>0.5%</c> or <c>10</c>.</summary>
    public override string ToString() => Relative
        ? (Value * 100).ToString("G6", CultureInfo.InvariantCulture) + "%"
        : Value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether a mean is within the target. Relative: a mean of exactly 0 passes only with se 0 (every trial the same);
    /// with se above 0 its relative half-width is infinite, so it holds the run to --max-trials.
    /// </summary>
    public bool Met(PrecisionReading reading) => Relative
        ? reading.HalfWidth <= Value * Math.Abs(reading.Mean)
        : !reading.Money || reading.HalfWidth <= Value;
}

/// <summary>One headline mean at a checkpoint: metric (as results.json names it), policy (or "A - B"), mean and 95% half-width.</summary>
public sealed record PrecisionReading(string Metric, string Policy, double Mean, double HalfWidth, bool Money)
{
    /// <summary>The half-width over the mean's magnitude; infinite for a mean of 0 with any spread, 0 when both are 0.</summary>
    public double RelativeHalfWidth => HalfWidth == 0 ? 0 : Mean == 0 ? double.PositiveInfinity : HalfWidth / Math.Abs(Mean);
}

/// <summary>The running mean of lost US revenue per policy at one checkpoint, for the convergence chart.</summary>
public sealed record CheckpointMean(string Policy, double Mean, double Se);

/// <summary>A checkpoint: trials done, and the running mean of lost US revenue of every policy.</summary>
public sealed record Checkpoint(long Trials, IReadOnlyList<CheckpointMean> Means);

/// <summary>An auto-stopped run: its results (those of a run of <c>Results.Run.Trials</c> trials), why it stopped, and the path there.</summary>
public sealed record AutoStopResults(
    RunResults Results,
    PrecisionTarget Target,
    long MaxTrials,
    bool Reached,
    IReadOnlyList<Checkpoint> Checkpoints,
    IReadOnlyList<PrecisionReading> Readings);

/// <summary>
/// Runs a scenario until every headline mean is within a precision (issue 10). Checkpoints are the fixed trial counts
/// <see cref="Checkpoints"/>; each phase extends the same accumulator by the blocks up to the next checkpoint, so a run
/// that stops at T trials is to the bit a run of T trials, whatever the threads.
/// </summary>
public static class AutoStop
{
    /// <summary>The first checkpoint: two blocks, so a standard error rests on at least 1,024 trials.</summary>
    public const int FirstCheckpoint = 2 * SimulationRunner.BlockSize;

    /// <summary>Default --max-trials.</summary>
    public const int DefaultMaxTrials = 10_000_000;

    /// <summary>1,024, 2,048, 4,096, ... doubling, and <paramref name="maxTrials"/> last (the cap, whatever it is).</summary>
    public static IEnumerable<long> Checkpoints(long maxTrials)
    {
        for (long t = FirstCheckpoint; t < maxTrials; t *= 2)
        {
            yield return t;
        }
        yield return maxTrials;
    }

    /// <param name="options">The run; <c>Trials</c> is ignored (the run goes to at most <paramref name="maxTrials"/>). Monte Carlo only.</param>
    /// <exception cref="RunStoppedException">On cancellation, with the trials done kept (a run of that many).</exception>
    public static AutoStopResults Run(ValidScenario scenario, RunOptions options, PrecisionTarget target, int maxTrials, IProgress<long>? progress = null, CancellationToken cancellation = default, ITrialObserver? observer = null)
    {
        if (options.Sampler is not (Sampler.MonteCarlo or Sampler.Sobol))
        {
            throw new ArgumentException("auto-stop extends a run, which only a Monte Carlo or Sobol' sample allows (their first trials are a run of their own)", nameof(options));
        }
        var factor = PrecisionTarget.HalfWidthFactor(options.Sampler, options.Sampler == Sampler.Sobol ? options.Replicates : null);
        options = options with { Trials = maxTrials };
        var model = ModelCompiler.Compile(scenario, options);
        observer?.Begin(TrialColumns.Of(model));
        RunAccumulator? total = null;
        var checkpoints = new List<Checkpoint>();
        IReadOnlyList<PrecisionReading> readings = [];
        var reached = false;
        foreach (var trials in Checkpoints(maxTrials))
        {
            total = SimulationRunner.Extend(model, options, total, trials, maxTrials, progress, cancellation, observer);
            readings = Readings(model, total, factor);
            checkpoints.Add(new Checkpoint(trials, Enumerable.Range(0, model.Policies.Length)
                .Select(p => total.Metrics[p][MetricLayout.UsRevenueLost].Statistics())
                .Select((s, p) => new CheckpointMean(model.Policies[p].Name, s.Mean, s.Se)).ToArray()));
            if (readings.All(target.Met))
            {
                reached = true;
                break;
            }
        }
        var results = Summarizer.Summarize(model, options, total!);
        return new AutoStopResults(results, target, maxTrials, reached, checkpoints, readings);
    }

    /// <summary>Every headline mean of issue 10: five scalars and each output per policy, and each pair's lost US revenue.</summary>
    private static IReadOnlyList<PrecisionReading> Readings(CompiledModel model, RunAccumulator total, double factor)
    {
        var s = model.Scenario;
        var readings = new List<PrecisionReading>();
        PrecisionReading Of(string metric, string policy, MetricStatistics st, bool money) =>
            new(metric, policy, st.Mean, factor * st.Se, money);
        for (var p = 0; p < model.Policies.Length; p++)
        {
            var name = model.Policies[p].Name;
            foreach (var i in MetricLayout.DifferencedScalars)
            {
                var metric = MetricLayout.ScalarNames[i];
                readings.Add(Of(metric, name, total.Metrics[p][i].Statistics(), i is MetricLayout.UsRevenueLost or MetricLayout.ForeignGain));
            }
            for (var e = 0; e < s.EndUses.Count; e++)
            {
                readings.Add(Of($"output[{s.EndUses[e].Id}]", name, total.Metrics[p][MetricLayout.OutputStart + e].Statistics(), false));
            }
        }
        var lost = MetricLayout.DifferencedScalars.ToList().IndexOf(MetricLayout.UsRevenueLost);
        for (var k = 0; k < total.Pairs.Length; k++)
        {
            var (a, b) = total.Pairs[k];
            readings.Add(Of("us_revenue_lost", $"{model.Policies[a].Name} - {model.Policies[b].Name}", total.Differences[k][lost].Statistics(), true));
        }
        return readings;
    }
}
