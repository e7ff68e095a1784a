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

    /// <summary>A sampler as the scenario file writes it (<c>monte-carlo</c>, ...); null when there is none of that name.</summary>
    public static Sampler? ParseSampler(string name) =>
        Enum.GetValues<Sampler>().Where(s => Simulation.Name(s) == name).Select(s => (Sampler?)s).FirstOrDefault();

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
    public static RunOptions Options(ValidScenario scenario, int? trials, long? seed, int? threads, IReadOnlyList<string> policies, Sampler? sampler = null) =>
        RunOptions.From(scenario) with
        {
            Sampler = sampler ?? scenario.Simulation.Sampler,
            Trials = trials ?? scenario.Simulation.Trials,
            Seed = seed ?? scenario.Simulation.Seed,
            Threads = threads ?? Environment.ProcessorCount,
            Policies = policies.Count > 0 ? policies : null,
        };
}
