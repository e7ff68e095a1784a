namespace SupplyShock.Cli;

using System.CommandLine;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary>
/// <c>supplyshock check SCENARIOS... --baselines DIR</c>: run each scenario and compare it with DIR/&lt;name&gt;.json;
/// exit 1 on any drift. <c>--bless</c> writes the new results as the baselines and says what changed. Each baseline keeps
/// its per-trial outcomes in DIR/&lt;name&gt;.trials.parquet, so a check at the same seed and trials is a paired test.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        var scenarios = new Argument<string[]>("SCENARIOS") { Description = "Scenario files to run and check.", Arity = ArgumentArity.OneOrMore };
        var baselines = new Option<string>("--baselines") { Description = "Folder of baselines, one <scenario file name>.json per scenario.", Required = true };
        var bless = new Option<bool>("--bless") { Description = "Write this run's results as the baselines (after saying what changed)." };
        var junit = new Option<string?>("--junit") { Description = "Also write the comparisons as JUnit XML to this file." };
        var trials = new Option<int?>("--trials") { Description = "Trials per scenario (default: each scenario's simulation.trials)." };
        var seed = new Option<long?>("--seed") { Description = "Seed (default: each scenario's simulation.seed)." };
        var set = CommonOptions.Set();
        var keepTrials = new Option<long?>("--keep-trials") { Description = "With --bless, keep the per-trial outcomes of only the first N trials (default: all), to keep baselines small." };
        var (sigma, relTol, absTol, metric, policy, format) = CompareCommand.Options();
        var command = new Command("check", "Run scenarios and compare each with its saved baseline; --bless saves new baselines.")
        {
            scenarios, baselines, bless, junit, trials, seed, keepTrials, sigma, relTol, absTol, metric, policy, format, set,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(Execute(
            console,
            parse.GetValue(scenarios)!,
            parse.GetValue(baselines)!,
            parse.GetValue(bless),
            parse.GetValue(junit),
            parse.GetValue(trials),
            parse.GetValue(seed),
            parse.GetValue(keepTrials),
            new CompareOptions(parse.GetValue(sigma), parse.GetValue(relTol), parse.GetValue(absTol), parse.GetValue(metric), parse.GetValue(policy)),
            parse.GetValue(format)!,
            cancellation,
            parse.GetValue(set) ?? [])));
        return command;
    }

    public static int Execute(
        CliConsole console,
        IReadOnlyList<string> scenarioFiles,
        string baselineDir,
        bool bless,
        string? junit,
        int? trials,
        long? seed,
        long? keepTrials,
        CompareOptions options,
        string format,
        CancellationToken cancellation,
        IReadOnlyList<string>? sets = null)
    {
        // Everything the user can get wrong is checked before anything runs.
        var names = scenarioFiles.Select(f => Path.GetFileNameWithoutExtension(f)).ToArray();
        var problems = new List<string>();
        foreach (var clash in names.GroupBy(n => n).Where(g => g.Count() > 1))
        {
            problems.Add($"two scenarios would share the baseline {Path.Combine(baselineDir, clash.Key + ".json")}; check them with separate --baselines folders");
        }
        if (trials is < 1 || seed is < 0 || keepTrials is < 1)
        {
            problems.Add("--trials and --keep-trials must be at least 1 and --seed not negative");
        }
        if (File.Exists(baselineDir))
        {
            problems.Add($"--baselines {baselineDir}: is a file; give a folder");
        }
        if (!bless)
        {
            problems.AddRange(names.Select(n => Path.Combine(baselineDir, n + ".json")).Where(p => !File.Exists(p))
                .Select(p => $"no baseline {p}; run with --bless to create it"));
        }
        var loaded = scenarioFiles.Select(f => (File: f, Result: ScenarioLoader.Load(f, sets ?? []))).ToArray();
        foreach (var (file, result) in loaded.Where(l => !l.Result.Succeeded))
        {
            DiagnosticReport.WriteText(console.Error, result.Diagnostics);
            problems.Add($"{file}: not a valid scenario; nothing was run");
        }
        foreach (var (file, result) in loaded.Where(l => l.Result.Scenario is { Simulation.Sampler: Sampler.Sobol }))
        {
            // The sobol sampler needs whole replicates: the run's own checks, per scenario.
            problems.AddRange(RunChecks.Problems(file, result.Scenario!, [], trials, seed, null, null, force: true).Where(p => p.Contains("replicates", StringComparison.Ordinal)));
        }
        if (problems.Count > 0)
        {
            problems.ForEach(p => console.Error.WriteLine($"supplyshock: error: {p}"));
            return ExitCodes.BadInput;
        }

        var checks = new List<(string Scenario, Comparison Comparison)>();
        var blessed = new List<(string Path, byte[] Bytes)>();
        // Only outcomes, as a baseline keeps them; compressed hard only when they are to be kept.
        var kept = TrialsContent.Baseline(keepTrials ?? long.MaxValue);
        kept = bless ? kept : kept with { Compression = System.IO.Compression.CompressionLevel.Fastest };
        for (var i = 0; i < loaded.Length; i++)
        {
            var scenario = loaded[i].Result.Scenario!;
            var options0 = RunOptions.From(scenario);
            var runOptions = options0 with { Trials = trials ?? options0.Trials, Seed = seed ?? options0.Seed };
            RunResults results;
            using var perTrial = new MemoryStream();
            var perTrialWriter = new TrialsWriter(perTrial, scenario, runOptions, kept);
            try
            {
                results = SimulationRunner.Run(scenario, runOptions, cancellation: cancellation, observer: perTrialWriter);
                perTrialWriter.Complete(results.Run.Trials);
            }
            catch (OperationCanceledException)
            {
                console.Error.WriteLine($"supplyshock: stopped while running {loaded[i].File}; no baseline or report was written");
                return RunCommand.Interrupted;
            }
            using var buffer = new MemoryStream();
            ResultsJson.Write(buffer, results);
            var bytes = buffer.ToArray();
            var baselinePath = Path.Combine(baselineDir, names[i] + ".json");
            var trialsPath = Path.Combine(baselineDir, names[i] + ".trials.parquet");
            var (candidate, _) = ResultsReader.Parse(bytes, $"{loaded[i].File} (this run)");
            perTrial.Position = 0;
            var (candidateTrials, ownError) = TrialsFile.Read(perTrial, $"{loaded[i].File} (this run)");
            if (ownError is not null)
            {
                throw new InvalidOperationException(ownError); // a file this run wrote a moment ago: a bug, not a user's mistake
            }
            if (File.Exists(baselinePath))
            {
                var (baseline, error) = ResultsReader.Read(baselinePath);
                var (baselineTrials, trialsError) = TrialsFile.ReadIfPresent(trialsPath);
                error ??= trialsError;
                if (baseline is null || error is not null || ResultsComparer.Incomparable(baseline, candidate!) is not null)
                {
                    console.Error.WriteLine(error ?? $"supplyshock: error: {ResultsComparer.Incomparable(baseline!, candidate!)}");
                    if (!bless)
                    {
                        return ExitCodes.BadInput;
                    }
                }
                else
                {
                    var comparison = ResultsComparer.Compare(baseline, candidate!, options, baselineTrials, candidateTrials);
                    checks.Add((names[i], comparison));
                    Report(console, comparison, format, bless);
                }
            }
            else
            {
                console.Out.WriteLine($"{baselinePath}: new baseline");
            }
            blessed.Add((baselinePath, bytes));
            blessed.Add((trialsPath, perTrial.ToArray()));
        }

        if (junit is not null)
        {
            AtomicFile.WriteText(junit, JUnitReport.Write(checks));
        }
        if (bless)
        {
            foreach (var (path, bytes) in blessed)
            {
                AtomicFile.Write(path, stream => stream.Write(bytes));
                console.Error.WriteLine($"Blessed {path}");
            }
            return ExitCodes.Success;
        }
        return checks.Any(c => c.Comparison.Drifted) ? ExitCodes.Drift : ExitCodes.Success;
    }

    /// <summary>Per scenario: what drifted (the full table with --format markdown or json), then the summary line.</summary>
    private static void Report(CliConsole console, Comparison comparison, string format, bool blessing)
    {
        if (format != "table")
        {
            CompareCommand.Write(console, comparison, format);
            return;
        }
        var drifted = comparison with { Rows = comparison.Rows.Where(r => r.Verdict != Verdict.Same).ToArray() };
        if (drifted.Rows.Count > 0)
        {
            ComparisonReport.WriteTable(console.Out, drifted, withSummary: false);
        }
        if (ComparisonReport.Method(comparison) is { } method)
        {
            console.Out.WriteLine(method);
        }
        var summary = ComparisonReport.Summary(comparison);
        console.Out.WriteLine(blessing && comparison.Drifted ? $"{summary} (blessing the change)" : summary);
        console.Out.WriteLine();
    }
}
