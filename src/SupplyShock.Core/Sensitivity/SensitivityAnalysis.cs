namespace SupplyShock.Core.Sensitivity;

using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Core.Validation;

public enum SensitivityMethod
{
    Rank,
    Sobol,
}

/// <summary>
/// An uncertain input, or a group of them, as sensitivity analysis names it: a named parameter by its name, an inline
/// distribution by its place, the licence draws as <c>licences</c>, the Gaussian copula's block as one group.
/// <see cref="Columns"/> are design columns: random inputs in draw order, then the licence draws in edge order.
/// </summary>
public sealed record InputGroup(string Name, IReadOnlyList<int> Columns);

/// <summary>One metric's sensitivity: per policy, or for a pair of policies (<c>A - B</c>, trial by trial).</summary>
public sealed record MetricSensitivity(string Policy, string Metric, RankSensitivity? Rank, SobolIndices? Sobol);

/// <summary>What a sensitivity analysis found, with the names of what it analysed (inputs for rank, groups for Sobol).</summary>
public sealed record SensitivityResult(SensitivityMethod Method, long ModelTrials, long Seed, IReadOnlyList<string> Inputs, IReadOnlyList<MetricSensitivity> Metrics)
{
    /// <summary>How the model trials were drawn and from which file, as results.json records a run; null when not known.</summary>
    public SensitivityRun? Run { get; init; }
}

/// <summary>The sampler of the model trials, the <c>--set</c> overrides, the scenario's sha256 and the program version.</summary>
public sealed record SensitivityRun(string Sampler, IReadOnlyList<string> Overrides, string Sha256, string Version);

/// <summary>
/// Which assumption drives the loss (issue 9): the engine's ordinary trials (every policy on common random numbers) are
/// the model evaluations. Rank: one ordinary run, each input's draws against each metric. Sobol: the Saltelli design
/// run through the engine (<see cref="RunOptions.Design"/>), so f(A) is an ordinary run's first N trials.
/// </summary>
public static class SensitivityAnalysis
{
    public const string Licences = "licences";

    /// <summary>The metrics analysed by default: lost US revenue, supply through, every output, and the pairs' lost US revenue.</summary>
    public static IReadOnlyList<string> DefaultMetrics(ValidScenario s) =>
        ["us_revenue_lost", "supply_through", .. s.EndUses.Select(e => $"output.{e.Id}")];

    /// <summary>
    /// The default groups: each independent input alone, the copula's correlated parameters as one group (exact and
    /// honest: their effects cannot be told apart without a choice of order), and every licence draw as <c>licences</c>.
    /// <paramref name="custom"/> groups (<c>--group NAME=INPUT,INPUT</c>) take their inputs out of the default groups.
    /// </summary>
    /// <param name="licencesPerSupplier">One group of licence draws per supplier (<c>licences/&lt;supplier&gt;</c>) instead of one for all.</param>
    public static (IReadOnlyList<InputGroup> Groups, IReadOnlyList<string> Problems) Groups(
        CompiledModel model, IReadOnlyList<(string Name, IReadOnlyList<string> Members)> custom, bool licencesPerSupplier = false)
    {
        var inputs = model.Sampler.Inputs;
        var licenceColumns = Enumerable.Range(inputs.Count, model.LicenceEdges.Length).ToArray();
        // An input fixed to a constant (in the file or by --set) moves nothing: it is in no group and never swapped.
        var constant = inputs.Select(i => i.Distribution is ConstantDistribution).ToArray();
        var correlated = CorrelationMatrix.Members(inputs.Where(i => i.IsNamedParameter).Select(i => i.Key), model.Scenario.Correlations)
            .Where(m => !constant[inputs.ToList().FindIndex(i => i.Key == m)]).ToHashSet();
        var problems = new List<string>();
        var taken = new HashSet<int>();
        var groups = new List<InputGroup>();
        var names = inputs.Select(i => i.Key).Append(Licences).ToArray();
        foreach (var (name, members) in custom)
        {
            var columns = new List<int>();
            foreach (var member in members)
            {
                var column = member == Licences ? -2 : inputs.ToList().FindIndex(i => i.Key == member);
                if (column == -1)
                {
                    problems.Add($"--group {name}: no uncertain input '{member}'{Suggestions.DidYouMean(member, names)}; 'supplyshock explain' lists them");
                    continue;
                }
                var add = column == -2 ? licenceColumns : [column];
                if (add.Any(taken.Contains))
                {
                    problems.Add($"--group {name}: '{member}' is already in another group");
                    continue;
                }
                if (correlated.Contains(member) && !correlated.All(members.Contains))
                {
                    problems.Add($"--group {name}: '{member}' is correlated with {string.Join(", ", correlated.Where(c => !members.Contains(c)).Select(c => $"'{c}'"))}; a group holds the whole correlated block");
                    continue;
                }
                columns.AddRange(add);
                taken.UnionWith(add);
            }
            if (columns.Count > 0)
            {
                groups.Add(new InputGroup(name, columns));
            }
        }
        var block = inputs.Select((input, column) => (input, column)).Where(x => correlated.Contains(x.input.Key) && !taken.Contains(x.column)).Select(x => x.column).ToArray();
        if (block.Length > 0)
        {
            groups.Add(new InputGroup($"correlated: {string.Join(" + ", block.Select(c => inputs[c].Key))}", block));
            taken.UnionWith(block);
        }
        for (var c = 0; c < inputs.Count; c++)
        {
            if (!taken.Contains(c) && !constant[c])
            {
                groups.Add(new InputGroup(inputs[c].Key, [c]));
            }
        }
        if (licenceColumns.Length > 0 && !licenceColumns.Any(taken.Contains))
        {
            if (licencesPerSupplier)
            {
                var scenario = model.Scenario;
                groups.AddRange(licenceColumns
                    .GroupBy(c => scenario.Suppliers[scenario.Supply[model.LicenceEdges[c - inputs.Count]].Supplier].Id)
                    .Select(g => new InputGroup($"{Licences}/{g.Key}", g.ToArray())));
            }
            else
            {
                groups.Add(new InputGroup(Licences, licenceColumns));
            }
        }
        return (groups, problems);
    }

    /// <summary>Spearman ranks, their intervals and the tornado's tenths, on one ordinary run of <paramref name="options"/>.</summary>
    public static SensitivityResult Rank(ValidScenario scenario, RunOptions options, IReadOnlyList<string> metrics, IProgress<long>? progress = null, CancellationToken cancellation = default)
    {
        var recorder = new RankRecorder(options.Trials);
        SimulationRunner.Run(scenario, options, progress, cancellation, recorder);
        return recorder.Analyze(metrics, options.Seed);
    }

    /// <summary>
    /// First-order and total indices per group by Saltelli's design with <paramref name="rows"/> rows: N(k + 2) engine
    /// trials, in parallel and deterministic for the seed whatever the threads (every accumulator is per trial).
    /// </summary>
    public static SensitivityResult Sobol(
        ValidScenario scenario,
        RunOptions options,
        int rows,
        IReadOnlyList<InputGroup> groups,
        IReadOnlyList<string> metrics,
        int resamples = SobolEstimator.DefaultResamples,
        IProgress<long>? progress = null,
        CancellationToken cancellation = default,
        bool fullIndependent = false)
    {
        var probe = ModelCompiler.Compile(scenario, options);
        var columns = probe.Sampler.Inputs.Count + probe.LicenceEdges.Length;
        var design = new SobolDesign(rows, columns, groups.Select(g => g.Columns).ToArray());
        var (results, trials) = Estimate(scenario, options, design, null, metrics, resamples, progress, cancellation, 0);
        var names = groups.Select(g => g.Name).ToList();
        if (!fullIndependent)
        {
            return new SensitivityResult(SensitivityMethod.Sobol, trials, options.Seed, names, results);
        }
        // Mara, Tarantola and Saltelli (2015): each correlated input's indices with the copula's factor reordered so it
        // comes first (full) and last (independent). Only that input's column is the group of interest; the rest of the
        // columns form one other group, so each costs N x 4 trials.
        var inputs = probe.Sampler.Inputs;
        var members = CorrelationMatrix.Members(inputs.Where(i => i.IsNamedParameter).Select(i => i.Key), scenario.Correlations);
        var matrix = CorrelationMatrix.Build(members, scenario.Correlations);
        var extra = results.Select(_ => new List<SobolIndex>()).ToArray();
        for (var m = 0; m < members.Count; m++)
        {
            var column = inputs.ToList().FindIndex(i => i.Key == members[m]);
            if (inputs[column].Distribution is ConstantDistribution)
            {
                continue; // fixed (by --set): it carries nothing, correlated or not
            }
            foreach (var position in new[] { CopulaPosition.First, CopulaPosition.Last })
            {
                var factor = CorrelatedSobolEstimator.Reorder(matrix, m, position);
                var pair = new SobolDesign(rows, columns, [[column], Enumerable.Range(0, columns).Where(c => c != column).ToArray()]);
                var (more, count) = Estimate(scenario, options, pair, factor, metrics, resamples, progress, cancellation, trials);
                trials += count;
                for (var k = 0; k < results.Length; k++)
                {
                    extra[k].Add(more[k].Sobol!.Groups[0]);
                }
                names.Add($"{members[m]} ({(position == CopulaPosition.First ? "full" : "independent")})");
            }
        }
        var combined = results.Select((r, k) => r with { Sobol = r.Sobol! with { Groups = [.. r.Sobol.Groups, .. extra[k]] } }).ToArray();
        return new SensitivityResult(SensitivityMethod.Sobol, trials, options.Seed, names, combined);
    }

    /// <summary>One design through the engine: its trials' metrics recorded by trial number, then the estimators.</summary>
    private static (MetricSensitivity[] Results, long Trials) Estimate(
        ValidScenario scenario,
        RunOptions options,
        SobolDesign design,
        ReorderedFactor? copulaOrder,
        IReadOnlyList<string> metrics,
        int resamples,
        IProgress<long>? progress,
        CancellationToken cancellation,
        long done)
    {
        if (design.Trials > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(design), $"{design.Rows} rows of {design.Groups.Count} groups make {design.Trials} trials, more than a run can hold");
        }
        var recorder = new DesignRecorder(design, metrics);
        var run = options with { Trials = (int)design.Trials, Sampler = Sampler.MonteCarlo, Design = design, CopulaOrder = copulaOrder };
        SimulationRunner.Run(scenario, run, progress is null ? null : new Offset(progress, done), cancellation, recorder);
        return (recorder.Evaluations.Select(e => new MetricSensitivity(e.Policy, e.Metric, null, SobolEstimator.Estimate(e.Values, options.Seed, resamples))).ToArray(), design.Trials);
    }

    /// <summary>Progress of one design among several: trials done before it plus its own.</summary>
    private sealed class Offset(IProgress<long> inner, long before) : IProgress<long>
    {
        public void Report(long value) => inner.Report(before + value);
    }

    /// <summary>(policy or "A - B", metric, outcome index per policy) for the metrics asked for; pairs only for lost US revenue.</summary>
    private static IEnumerable<(string Policy, string Metric, int A, int B, int Outcome)> Picks(TrialColumns columns, IReadOnlyList<string> metrics)
    {
        var policies = columns.Policies;
        foreach (var metric in metrics)
        {
            var outcome = columns.Outcomes.ToList().IndexOf(metric);
            for (var p = 0; p < policies.Count; p++)
            {
                yield return (policies[p], metric, p, -1, outcome);
            }
        }
        var lost = columns.Outcomes.ToList().IndexOf("us_revenue_lost");
        if (metrics.Contains("us_revenue_lost"))
        {
            foreach (var (a, b) in RunAccumulator.PolicyPairs(policies.Count))
            {
                yield return ($"{policies[a]} - {policies[b]}", "us_revenue_lost", a, b, lost);
            }
        }
    }

    private static double Value(ReadOnlySpan<double> trialOutcomes, int outcomes, (string, string, int A, int B, int Outcome) pick) =>
        trialOutcomes[(pick.A * outcomes) + pick.Outcome] - (pick.B < 0 ? 0 : trialOutcomes[(pick.B * outcomes) + pick.Outcome]);

    /// <summary>
    /// Every trial's inputs and headline outcomes, in trial order, for the first <paramref name="trials"/> trials of a run
    /// (ranks need the whole sample at once; a run of more trials keeps only these, so memory stays bounded).
    /// </summary>
    public sealed class RankRecorder(long trials) : ITrialObserver
    {
        private double[] outcomes = [];
        private long seen; // trials recorded: a run that ends early (auto-stop, Ctrl+C) records fewer than planned, always the first

        public TrialColumns Columns { get; private set; } = null!;

        public double[][] Inputs { get; private set; } = [];


        public void Begin(TrialColumns columns)
        {
            Columns = columns;
            Inputs = columns.Inputs.Select(_ => new double[trials]).ToArray();
            outcomes = new double[trials * columns.Policies.Count * columns.Outcomes.Count];
        }

        public void Block(long from, int count, ReadOnlySpan<double> inputs, ReadOnlySpan<double> blockOutcomes)
        {
            if (from >= trials)
            {
                return;
            }
            var perTrial = blockOutcomes.Length / count;
            count = (int)Math.Min(count, trials - from);
            Interlocked.Add(ref seen, count);
            inputs = inputs[..(count * Inputs.Length)];
            blockOutcomes = blockOutcomes[..(count * perTrial)];
            var width = Inputs.Length;
            for (var k = 0; k < count; k++)
            {
                for (var i = 0; i < width; i++)
                {
                    Inputs[i][from + k] = inputs[(k * width) + i];
                }
            }
            blockOutcomes.CopyTo(outcomes.AsSpan((int)(from * perTrial)));
        }

        /// <summary>
        /// Spearman ranks and the tornado's tenths of each metric, over the recorded trials. Inputs fixed to a constant are
        /// left out: their ranks would be the trial order, and their tenths the first and last trials.
        /// </summary>
        public SensitivityResult Analyze(IReadOnlyList<string> metrics, long seed)
        {
            var n = (int)Math.Min(seen, trials);
            var varying = Enumerable.Range(0, Inputs.Length).Where(i => Columns.Inputs[i].Distribution is not ConstantDistribution).ToArray();
            var analyzer = new RankAnalyzer(varying.Select(i => Inputs[i][..n]).ToArray());
            var results = Metrics(metrics).Select(m => new MetricSensitivity(m.Policy, m.Metric, analyzer.Analyze(m.Values.AsSpan(0, n)), null)).ToArray();
            return new SensitivityResult(SensitivityMethod.Rank, n, seed, varying.Select(i => Columns.Inputs[i].Key).ToArray(), results);
        }

        /// <summary>Whether any recorded input varies (a scenario of constants has nothing to rank).</summary>
        public bool HasVaryingInputs => Columns?.Inputs.Any(i => i.Distribution is not ConstantDistribution) == true;

        private IEnumerable<(string Policy, string Metric, double[] Values)> Metrics(IReadOnlyList<string> metrics)
        {
            var perTrial = Columns.Policies.Count * Columns.Outcomes.Count;
            foreach (var pick in Picks(Columns, metrics))
            {
                var values = new double[trials];
                for (var t = 0; t < trials; t++)
                {
                    values[t] = Value(outcomes.AsSpan((int)(t * perTrial), perTrial), Columns.Outcomes.Count, pick);
                }
                yield return (pick.Policy, pick.Metric, values);
            }
        }
    }

    /// <summary>Each design trial's value of each metric, recorded by trial number: any thread, any order, the same result.</summary>
    private sealed class DesignRecorder(SobolDesign design, IReadOnlyList<string> metrics) : ITrialObserver
    {
        private (string Policy, string Metric, int A, int B, int Outcome)[] picks = [];
        private int outcomeCount;

        public List<(string Policy, string Metric, SobolEvaluations Values)> Evaluations { get; } = [];

        public void Begin(TrialColumns columns)
        {
            picks = Picks(columns, metrics).ToArray();
            outcomeCount = columns.Outcomes.Count;
            Evaluations.AddRange(picks.Select(p => (p.Policy, p.Metric, new SobolEvaluations(design))));
        }

        public void Block(long from, int count, ReadOnlySpan<double> inputs, ReadOnlySpan<double> outcomes)
        {
            var perTrial = outcomes.Length / count;
            for (var k = 0; k < count; k++)
            {
                var trial = outcomes.Slice(k * perTrial, perTrial);
                for (var m = 0; m < picks.Length; m++)
                {
                    Evaluations[m].Values.Record(from + k, Value(trial, outcomeCount, picks[m]));
                }
            }
        }
    }
}
