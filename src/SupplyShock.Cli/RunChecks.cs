namespace SupplyShock.Cli;

using System.CommandLine;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Core.Validation;

/// <summary>
/// The checks every command that runs the model makes on its run options before the first trial: each problem with
/// its option, gathered, so the user fixes them all at once (exit 2, nothing run or written).
/// </summary>
internal static class RunChecks
{
    /// <summary><c>--sampler</c>: overrides simulation.sampler.</summary>
    public static Option<string?> SamplerOption()
    {
        var option = new Option<string?>("--sampler") { Description = "monte-carlo, latin-hypercube or sobol (default: the scenario's simulation.sampler)." };
        option.AcceptOnlyFromAmong([.. Enum.GetValues<Sampler>().Select(Simulation.Name)]);
        return option;
    }

    /// <summary><c>--replicates</c>: the sobol sampler's independent scramblings.</summary>
    public static Option<int?> ReplicatesOption() => new("--replicates")
    {
        Description = $"Under --sampler sobol: independent scramblings whose spread gives the standard errors (default {ModelDefaults.Replicates}); trials must be a multiple of it.",
    };

    public static Sampler? SamplerOf(string? name) => name is null ? null : Enum.GetValues<Sampler>().First(s => Simulation.Name(s) == name);

    /// <param name="sampler">--sampler, or null for the scenario's.</param>
    /// <param name="replicates">--replicates, or null for the default.</param>
    public static List<string> Problems(string file, ValidScenario scenario, IReadOnlyList<string> policies, int? trials, long? seed, int? threads, string? outDir, bool force, Sampler? sampler = null, int? replicates = null)
    {
        var problems = new List<string>();
        var runSampler = sampler ?? scenario.Simulation.Sampler;
        if (replicates is not null && runSampler != Sampler.Sobol)
        {
            problems.Add($"--replicates {replicates}: only the sobol sampler has replicates; add --sampler sobol or drop --replicates");
        }
        else if (replicates is < 2)
        {
            problems.Add($"--replicates {replicates}: must be at least 2 (their spread is the standard error)");
        }
        else if (runSampler == Sampler.Sobol && trials is not < 1 && (trials ?? scenario.Simulation.Trials) % (replicates ?? ModelDefaults.Replicates) is var remainder and not 0)
        {
            // Every replicate gets the same number of points, so each replicate mean is an equal-weight estimate.
            var r = replicates ?? ModelDefaults.Replicates;
            var n = trials ?? scenario.Simulation.Trials;
            problems.Add($"{(trials is null ? "simulation.trials" : "--trials")} {n}: under the sobol sampler must be a multiple of the {r} replicates; use {n - remainder + r}");
        }
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

    /// <summary>
    /// The checks of <c>--precision P [--max-trials N]</c> (issue 10): P a share or an amount above 0, N at least one
    /// block, no --trials beside them, and a sampler whose first trials are a run of their own (not a Latin hypercube,
    /// whose strata depend on the planned trials).
    /// </summary>
    public static PrecisionTarget? PrecisionProblems(List<string> problems, string? precision, int? maxTrials, int? trials, Sampler sampler)
    {
        if (precision is null)
        {
            if (maxTrials is not null)
            {
                problems.Add($"--max-trials {maxTrials}: only bounds a run with --precision P; for a fixed number of trials give --trials");
            }
            return null;
        }
        var (target, problem) = PrecisionTarget.Parse(precision);
        if (problem is not null)
        {
            problems.Add(problem);
        }
        if (maxTrials is < AutoStop.FirstCheckpoint)
        {
            problems.Add($"--max-trials {maxTrials}: must be at least {AutoStop.FirstCheckpoint:N0} (the first checkpoint)");
        }
        if (trials is not null)
        {
            problems.Add($"--trials {trials}: a run with --precision picks its own trials; give --max-trials N to cap them instead");
        }
        if (sampler == Sampler.LatinHypercube)
        {
            problems.Add($"--precision {precision}: a Latin hypercube's strata depend on the planned trials, so its run cannot be extended to a checkpoint; add --sampler monte-carlo");
        }

        return target;
    }

    /// <summary>The scenario's simulation block with the command line's choices in place (threads: every core by default).</summary>
    public static RunOptions Options(ValidScenario scenario, int? trials, long? seed, int? threads, IReadOnlyList<string> policies, Sampler? sampler = null, int? replicates = null) =>
        RunOptions.From(scenario) with
        {
            Sampler = sampler ?? scenario.Simulation.Sampler,
            Replicates = replicates ?? ModelDefaults.Replicates,
            Trials = trials ?? scenario.Simulation.Trials,
            Seed = seed ?? scenario.Simulation.Seed,
            Threads = threads ?? Environment.ProcessorCount,
            Policies = policies.Count > 0 ? policies : null,
        };
}
