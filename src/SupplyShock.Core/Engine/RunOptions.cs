namespace SupplyShock.Core.Engine;

using SupplyShock.Core.Model;

/// <summary>How to run a scenario: trials, seed, sampler, threads, and which policies (all when empty).</summary>
public sealed record RunOptions(int Trials, long Seed, Sampler Sampler, int Threads, IReadOnlyList<string>? Policies = null)
{
    /// <summary>The scenario's own simulation block, on every core.</summary>
    public static RunOptions From(ValidScenario scenario) =>
        new(scenario.Simulation.Trials, scenario.Simulation.Seed, scenario.Simulation.Sampler, Environment.ProcessorCount);
}
