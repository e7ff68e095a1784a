namespace SupplyShock.Core.Engine;

using SupplyShock.Core.Model;

/// <summary>The results of a run, shaped as results.json (FORMAT.md): per policy, every metric of MODEL.md section 6 with its statistics.</summary>
public sealed record RunResults(
    ScenarioIdentity Scenario,
    RunIdentity Run,
    IReadOnlyList<PolicyResults> Policies,
    IReadOnlyList<PolicyDifference> Differences)
{
    public PolicyResults Policy(string name) => Policies.Single(p => p.Name == name);

    public PolicyDifference Difference(string a, string b) => Differences.Single(d => d.A == a && d.B == b);
}

/// <summary>Which scenario: its name, file and sha256 (of the file and its CSV tables).</summary>
public sealed record ScenarioIdentity(string Name, string File, string Sha256, string Currency, string Unit, IReadOnlyList<string> PeriodLabels)
{
    /// <summary>What people call each entity, so charts and reports never show an id; empty in files written before names were saved.</summary>
    public EntityNames Names { get; init; } = EntityNames.None;

    /// <summary>"USD million", or the currency alone.</summary>
    public string Money => Unit.Length > 0 ? $"{Currency} {Unit}" : Currency;
}

/// <summary>Display names by id of suppliers, components and end uses; an id without a name shows as itself.</summary>
public sealed record EntityNames(
    IReadOnlyDictionary<string, string> Suppliers,
    IReadOnlyDictionary<string, string> Components,
    IReadOnlyDictionary<string, string> EndUses)
{
    public static EntityNames None { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>());

    public string Supplier(string id) => Suppliers.GetValueOrDefault(id, id);

    public string Component(string id) => Components.GetValueOrDefault(id, id);

    public string EndUse(string id) => EndUses.GetValueOrDefault(id, id);

    public static EntityNames Of(ValidScenario s) => new(
        Ordered(s.Suppliers.Select(x => (x.Id, x.Name))),
        Ordered(s.Components.Select(x => (x.Id, x.Name))),
        Ordered(s.EndUses.Select(x => (x.Id, x.Name))));

    private static OrderedDictionary<string, string> Ordered(IEnumerable<(string Id, string Name)> items)
    {
        var result = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, name) in items)
        {
            result[id] = name;
        }
        return result;
    }
}

/// <summary>How it was run; nothing here depends on the machine or the time, so results.json is reproducible.</summary>
public sealed record RunIdentity(string Version, long Seed, long Trials, Sampler Sampler)
{
    /// <summary>The <c>--set NAME=VALUE</c> arguments the scenario was read with: part of what makes two runs the same run.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>Under the sobol sampler, the scramblings whose spread gave the standard errors; null for other samplers.</summary>
    public int? Replicates { get; init; }

    /// <summary>The sampler as the console and report name it: "sobol, standard errors from 8 scramblings" under sobol.</summary>
    public string SamplerText => Replicates is { } r ? $"{Simulation.Name(Sampler)}, standard errors from {r} scramblings" : Simulation.Name(Sampler);
}

public sealed record PolicyResults(
    string Name,
    IReadOnlyDictionary<string, MetricStatistics> Metrics,
    IReadOnlyDictionary<string, MetricStatistics> Output,
    IReadOnlyDictionary<string, MetricStatistics> ForeignGainByComponent,
    IReadOnlyDictionary<string, IReadOnlyList<MetricStatistics>> OutputByPeriod,
    IReadOnlyDictionary<string, MetricStatistics> LostBySupplier,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricStatistics>> Availability,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Binding)
{
    /// <summary>Whole distributions of the horizon metrics (by name) and of each output (by end use), for charts and compare.</summary>
    public required Distributions Distributions { get; init; }
}

/// <summary>Saved distributions: of the horizon metrics, and of the output of each end use.</summary>
public sealed record Distributions(IReadOnlyDictionary<string, MetricHistogram> Metrics, IReadOnlyDictionary<string, MetricHistogram> Output);

/// <summary>The statistics of A minus B, trial by trial (MODEL.md section 7).</summary>
public sealed record PolicyDifference(
    string A,
    string B,
    IReadOnlyDictionary<string, MetricStatistics> Metrics,
    IReadOnlyDictionary<string, MetricStatistics> Output)
{
    public required Distributions Distributions { get; init; }
}

/// <summary>Turns a run's accumulators into <see cref="RunResults"/>; writers only print what this computes.</summary>
public static class Summarizer
{
    /// <summary>The program version written into results (the assembly's informational version).</summary>
    public static string ProgramVersion { get; } =
        typeof(Summarizer).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static RunResults Summarize(CompiledModel model, RunOptions options, RunAccumulator total)
    {
        var s = model.Scenario;
        var layout = model.Layout;
        var policies = new List<PolicyResults>();
        for (var p = 0; p < model.Policies.Length; p++)
        {
            var stats = total.Metrics[p].Select(a => a.Statistics()).ToArray();
            var metrics = Ordered(MetricLayout.ScalarNames.Select((name, i) => (name, stats[i])));
            var output = Ordered(s.EndUses.Select((e, i) => (e.Id, stats[MetricLayout.OutputStart + i])));
            var byPeriod = Ordered(s.EndUses.Select((e, i) => (e.Id, (IReadOnlyList<MetricStatistics>)Enumerable.Range(0, model.Periods)
                .Select(t => stats[layout.OutputByPeriod(i, t, model.Periods)]).ToArray())));
            var lost = Ordered(s.Suppliers.Select((x, i) => (x.Id, stats[layout.LostBySupplierStart + i])));
            var gain = Ordered(layout.SuppliedComponents.Select((c, i) => (s.Components[c].Id, stats[layout.ForeignGainByComponentStart + i])));
            var availability = Ordered(layout.AvailabilityPairs
                .Select((pair, i) => (Component: model.PairComponent[pair], EndUse: model.PairEndUse[pair], Stats: stats[layout.AvailabilityStart + i]))
                .GroupBy(x => x.Component)
                .Select(g => (s.Components[g.Key].Id, (IReadOnlyDictionary<string, MetricStatistics>)Ordered(g.Select(x => (s.EndUses[x.EndUse].Id, x.Stats))))));
            var accumulators = total.Metrics[p];
            var distributions = new Distributions(
                Ordered(MetricLayout.ScalarNames.Select((name, i) => (name, accumulators[i].Histogram()))),
                Ordered(s.EndUses.Select((e, i) => (e.Id, accumulators[MetricLayout.OutputStart + i].Histogram()))));
            policies.Add(new PolicyResults(model.Policies[p].Name, metrics, output, gain, byPeriod, lost, availability, Binding(model, total, p))
            {
                Distributions = distributions,
            });
        }

        var differences = new List<PolicyDifference>();
        for (var k = 0; k < total.Pairs.Length; k++)
        {
            var (a, b) = total.Pairs[k];
            var stats = total.Differences[k].Select(x => x.Statistics()).ToArray();
            var scalars = MetricLayout.DifferencedScalars.Count;
            var accumulators = total.Differences[k];
            differences.Add(new PolicyDifference(
                model.Policies[a].Name,
                model.Policies[b].Name,
                Ordered(MetricLayout.DifferencedScalars.Select((index, j) => (MetricLayout.ScalarNames[index], stats[j]))),
                Ordered(s.EndUses.Select((e, i) => (e.Id, stats[scalars + i]))))
            {
                Distributions = new Distributions(
                    Ordered(MetricLayout.DifferencedScalars.Select((index, j) => (MetricLayout.ScalarNames[index], accumulators[j].Histogram()))),
                    Ordered(s.EndUses.Select((e, i) => (e.Id, accumulators[scalars + i].Histogram())))),
            });
        }

        var labels = Enumerable.Range(0, model.Periods).Select(s.Horizon.Label).ToArray();
        return new RunResults(
            new ScenarioIdentity(s.Name, s.SourcePath, s.Sha256, s.Currency, s.Unit, labels) { Names = EntityNames.Of(s) },
            new RunIdentity(ProgramVersion, options.Seed, total.Trials, options.Sampler)
            {
                Overrides = s.Overrides,
                Replicates = options.Sampler == Sampler.Sobol ? options.Replicates : null,
            },
            policies,
            differences);
    }

    /// <summary>MODEL.md section 6: per end use, the share of trial-periods in which each critical input with supply binds.</summary>
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Binding(CompiledModel model, RunAccumulator total, int policy)
    {
        var s = model.Scenario;
        var trialPeriods = (double)total.Trials * model.Periods;
        return Ordered(Enumerable.Range(0, model.EndUseCount)
            .Select(e => (s.EndUses[e].Id, (IReadOnlyDictionary<string, double>)Ordered(Enumerable.Range(0, model.PairCount)
                .Where(p => model.PairEndUse[p] == e && model.PairCritical[p] > 0 && model.PairRequirement[p] > 0)
                .Select(p => (s.Components[model.PairComponent[p]].Id, total.Binding[(policy * model.PairCount) + p] / trialPeriods)))))
            .Where(x => x.Item2.Count > 0));
    }

    private static OrderedDictionary<string, T> Ordered<T>(IEnumerable<(string Key, T Value)> items)
    {
        var result = new OrderedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            result.Add(key, value);
        }
        return result;
    }
}
