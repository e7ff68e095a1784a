namespace SupplyShock.Cli;

using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Core.Validation;

/// <summary>
/// The checks every command that runs the model makes on its run options before the first trial: each problem with
/// its option, gathered, so the user fixes them all at once (exit 2, nothing run or written).
/// </summary>
internal static class RunChecks
{
    public static List<string> Problems(string file, ValidScenario scenario, IReadOnlyList<string> policies, int? trials, long? seed, int? threads, string? outDir, bool force)
    {
        var problems = new List<string>();
        foreach (var name in policies.Where(n => scenario.Policies.All(p => p.Name != n)))
        {
            problems.Add($"--policy {name}: no such policy in {file}{Suggestions.DidYouMean(name, scenario.Policies.Select(p => p.Name))}");
        }
        if (trials is < 1)
        {
            problems.Add($"--trials {trials}: must be at least 1");
        }
        if (seed is < 0)
        {
            problems.Add($"--seed {seed}: must not be negative");
        }
        if (threads is < 1)
        {
            problems.Add($"--threads {threads}: must be at least 1");
        }
        if (outDir is not null && File.Exists(outDir))
        {
            problems.Add($"--out {outDir}: is a file; give a folder");
        }
        else if (outDir is not null && OutputFolder.Problem($"--out {outDir}", outDir, force) is { } unrecorded)
        {
            problems.Add(unrecorded);
        }
        return problems;
    }

    /// <summary>The scenario's simulation block with the command line's choices in place (threads: every core by default).</summary>
    public static RunOptions Options(ValidScenario scenario, int? trials, long? seed, int? threads, IReadOnlyList<string> policies) =>
        RunOptions.From(scenario) with
        {
            Trials = trials ?? scenario.Simulation.Trials,
            Seed = seed ?? scenario.Simulation.Seed,
            Threads = threads ?? Environment.ProcessorCount,
            Policies = policies.Count > 0 ? policies : null,
        };
}
