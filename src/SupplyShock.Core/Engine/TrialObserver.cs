namespace SupplyShock.Core.Engine;

using SupplyShock.Core.Sampling;

/// <summary>
/// What a per-trial row holds: the run's policies in order, every uncertain input (named parameters by name, inline
/// distributions by their place, MODEL.md section 7), and the headline outcomes of MODEL.md section 7 (the five horizon
/// metrics, then <c>output.&lt;end use id&gt;</c>): the quantities whose A - B results.json reports.
/// </summary>
public sealed record TrialColumns(IReadOnlyList<string> Policies, IReadOnlyList<RandomInput> Inputs, IReadOnlyList<string> Outcomes)
{
    internal static TrialColumns Of(CompiledModel model) => new(
        model.Policies.Select(p => p.Name).ToArray(),
        model.Sampler.Inputs,
        model.Layout.Differenced.Select(i => i < MetricLayout.OutputStart
            ? MetricLayout.ScalarNames[i]
            : $"output.{model.Scenario.EndUses[i - MetricLayout.OutputStart].Id}").ToArray());
}

/// <summary>
/// Sees every trial of a run, a block at a time. The runner calls <see cref="Block"/> on its worker threads, concurrently
/// and in any order of blocks, once per finished block; the blocks seen when the run ends are always the first trials
/// (see <see cref="SimulationRunner.Run"/>). The spans are valid only during the call.
/// </summary>
public interface ITrialObserver
{
    /// <summary>Once, before any trial.</summary>
    void Begin(TrialColumns columns);

    /// <summary>
    /// Trials <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> - 1. <paramref name="inputs"/>:
    /// per trial, every input's draw; <paramref name="outcomes"/>: per trial, per policy, every headline outcome.
    /// </summary>
    void Block(long from, int count, ReadOnlySpan<double> inputs, ReadOnlySpan<double> outcomes);
}

/// <summary>Several observers of one run, each told everything in turn.</summary>
public sealed class TrialObservers(IReadOnlyList<ITrialObserver> observers) : ITrialObserver
{
    /// <summary>The observers given, as one; null when there are none.</summary>
    public static ITrialObserver? Of(params ITrialObserver?[] observers)
    {
        var present = observers.OfType<ITrialObserver>().ToArray();
        return present.Length switch
        {
            0 => null,
            1 => present[0],
            _ => new TrialObservers(present),
        };
    }

    public void Begin(TrialColumns columns)
    {
        foreach (var o in observers)
        {
            o.Begin(columns);
        }
    }

    public void Block(long from, int count, ReadOnlySpan<double> inputs, ReadOnlySpan<double> outcomes)
    {
        foreach (var o in observers)
        {
            o.Block(from, count, inputs, outcomes);
        }
    }
}
