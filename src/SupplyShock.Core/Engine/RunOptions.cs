namespace SupplyShock.Core.Engine;

using SupplyShock.Core.Model;

/// <summary>How to run a scenario: trials, seed, sampler, threads, and which policies (all when empty).</summary>
public sealed record RunOptions(int Trials, long Seed, Sampler Sampler, int Threads, IReadOnlyList<string>? Policies = null)
{
    /// <summary>
    /// A Saltelli design for Sobol indices: trials follow its rows and matrices, the random inputs being design columns
    /// 0..I-1 in draw order and the licence draws columns I.. in edge order (<see cref="CompiledModel.LicenceUniform"/>).
    /// </summary>
    public Sensitivity.SobolDesign? Design { get; init; }

    /// <summary>The copula's block drawn in another order, for a correlated input's full and independent indices (<see cref="Sampling.ParameterSampler"/>).</summary>
    public Sensitivity.ReorderedFactor? CopulaOrder { get; init; }

    /// <summary>
    /// Under the sobol sampler: the independent scramblings R, trial t being point t / R of scrambling t mod R, and the
    /// standard errors the spread of the R scramblings' means. Trials must be a multiple of it. Ignored by other samplers.
    /// </summary>
    public int Replicates { get; init; } = ModelDefaults.Replicates;

    /// <summary>The scenario's own simulation block, on every core.</summary>
    public static RunOptions From(ValidScenario scenario) =>
        new(scenario.Simulation.Trials, scenario.Simulation.Seed, scenario.Simulation.Sampler, Environment.ProcessorCount);
}
