namespace SupplyShock.Cli;

using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Sensitivity;
using SupplyShock.Core.Model;
using SupplyShock.Core.Validation;
using SupplyShock.Plotting;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary>The settings of <c>supplyshock run</c>, checked before anything runs.</summary>
internal sealed record RunSettings(string File, int? Trials, long? Seed, int? Threads, IReadOnlyList<string> Policies, string? Out, bool Verbose, bool NoPlots = false, bool Force = false, bool SaveTrials = false)
{
    /// <summary><c>--set NAME=VALUE</c>, in the order given.</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    public PlotOptions Plot { get; init; } = PlotOptions.Default;

    /// <summary><c>--sampler</c>: the scenario's simulation.sampler when null.</summary>
    public Sampler? Sampler { get; init; }

    /// <summary><c>--precision P</c> as given (issue 10's auto-stop); null for a run of fixed trials.</summary>
    public string? Precision { get; init; }

    /// <summary><c>--max-trials N</c>: the cap of an auto-stopped run (default <see cref="AutoStop.DefaultMaxTrials"/>).</summary>
    public int? MaxTrials { get; init; }

    /// <summary><c>--replicates R</c> under sobol, or null for the default.</summary>
    public int? Replicates { get; init; }
}

/// <summary><c>supplyshock run FILE</c>: every policy on the same trials; a table on stdout, files with --out.</summary>
internal static class RunCommand
{
    public const int Interrupted = 130;

    public static Command Create(CliConsole console)
    {
        var file = CommonOptions.ScenarioFile();
        var trials = new Option<int?>("--trials") { Description = "Number of trials (default: the scenario's simulation.trials)." };
        var seed = new Option<long?>("--seed") { Description = "Random seed (default: the scenario's simulation.seed)." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores). Results do not depend on it." };
        var policy = new Option<string[]>("--policy") { Description = "Run only this policy (repeatable)." };
        var output = new Option<string?>("--out") { Description = "Write results.json, summary.csv and run.json to this folder." };
        var verbose = new Option<bool>("--verbose") { Description = "Log what the run does on stderr." };
        var noPlots = new Option<bool>("--no-plots") { Description = "With --out, do not draw the charts and the report." };
        var (plotSize, dpi, plotFormat) = PlotCommand.ChartOptions();
        var set = CommonOptions.Set();
        var saveTrials = new Option<bool>("--save-trials") { Description = "With --out, also write trials.parquet: every trial's inputs and headline outcomes, per policy (for paired comparisons)." };
        var force = new Option<bool>("--force") { Description = "With --out, replace files with an output's name that no earlier run recorded writing there." };
        var (sampler, replicates) = (RunChecks.SamplerOption(), RunChecks.ReplicatesOption());
        var precision = new Option<string?>("--precision") { Description = "Stop at the first checkpoint (1,024, 2,048, 4,096, ... trials) where every headline mean's 95% interval half-width is within P: relative (0.5%) or in the scenario's money unit (10, money metrics only). Monte Carlo only." };
        var maxTrials = new Option<int?>("--max-trials") { Description = $"With --precision, stop at N trials at most (default {AutoStop.DefaultMaxTrials:N0})." };
        var command = new Command("run", "Run every policy of a scenario on the same Monte Carlo trials and report what is lost and what gets through.")
        {
            file, trials, seed, threads, policy, output, verbose, noPlots, plotSize, dpi, plotFormat, set, force, saveTrials, sampler, precision, maxTrials,
        };
        command.Options.Add(sampler);
        command.Options.Add(replicates);
        command.SetAction((parse, cancellation) =>
        {
            if (PlotCommand.ParseChartOptions(console, parse, plotSize, dpi, plotFormat) is not { } plot)
            {
                return Task.FromResult(ExitCodes.BadInput);
            }
            var settings = new RunSettings(parse.GetValue(file)!, parse.GetValue(trials), parse.GetValue(seed), parse.GetValue(threads),
                parse.GetValue(policy) ?? [], parse.GetValue(output), parse.GetValue(verbose), parse.GetValue(noPlots), parse.GetValue(force), parse.GetValue(saveTrials))
            {
                Plot = plot,
                Sets = parse.GetValue(set) ?? [],
                Sampler = RunChecks.SamplerOf(parse.GetValue(sampler)),
                Replicates = parse.GetValue(replicates),
                Precision = parse.GetValue(precision),
                MaxTrials = parse.GetValue(maxTrials),
            };
            return Task.FromResult(Execute(console, settings, cancellation));
        });
        return command;
    }

    public static int Execute(CliConsole console, RunSettings settings, CancellationToken cancellation)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => (o.SingleLine, o.IncludeScopes) = (true, false));
        builder.Logging.SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Warning);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(console);
        builder.Services.AddSingleton<ScenarioRun>();
        using var host = builder.Build();
        return host.Services.GetRequiredService<ScenarioRun>().Execute(settings, cancellation);
    }
}

/// <summary>Loads, checks, runs and writes; every user mistake is exit 2 before any trial runs.</summary>
internal sealed class ScenarioRun(CliConsole console, ILogger<ScenarioRun> log)
{
    public int Execute(RunSettings settings, CancellationToken cancellation)
    {
        var loaded = ScenarioLoader.Load(settings.File, settings.Sets);
        if (loaded.Scenario is not { } scenario)
        {
            return ValidateCommand.Report(console, settings.File, "text", loaded);
        }
        DiagnosticReport.WriteText(console.Error, loaded.Warnings);

        var problems = RunChecks.Problems(settings.File, scenario, settings.Policies, settings.Trials, settings.Seed, settings.Threads, settings.Out, settings.Force, settings.Sampler, settings.Replicates);
        if (settings.SaveTrials && settings.Out is null)
        {
            problems.Add("--save-trials: needs --out DIR, the folder trials.parquet goes to");
        }
        var target = RunChecks.PrecisionProblems(problems, settings.Precision, settings.MaxTrials, settings.Trials, settings.Sampler ?? scenario.Simulation.Sampler);
        var replicatesOfRun = settings.Replicates ?? ModelDefaults.Replicates;
        if (target is not null && (settings.Sampler ?? scenario.Simulation.Sampler) == Sampler.Sobol && (settings.MaxTrials ?? AutoStop.DefaultMaxTrials) % replicatesOfRun is var rest and not 0)
        {
            // Every checkpoint (1,024 x 2^k) holds whole replicates; the cap, the last checkpoint, must too.
            problems.Add($"--max-trials {settings.MaxTrials}: under the sobol sampler must be a multiple of the {replicatesOfRun} replicates; use {settings.MaxTrials - rest + replicatesOfRun}");
        }
        if (problems.Count > 0)
        {
            problems.ForEach(p => console.Error.WriteLine($"supplyshock: error: {p}"));
            return ExitCodes.BadInput;
        }

        var options = RunChecks.Options(scenario, settings.Trials, settings.Seed, settings.Threads, settings.Policies, settings.Sampler, settings.Replicates);
        var maxTrials = settings.MaxTrials ?? AutoStop.DefaultMaxTrials;
        if (target is not null)
        {
            options = options with { Trials = maxTrials };
        }
        log.LogInformation("Running {Trials} trials of {Policies} policies on {Threads} threads", options.Trials, options.Policies?.Count ?? scenario.Policies.Count, options.Threads);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        RunResults results;
        Convergence? convergence = null;
        var progress = new ProgressBar(console.Error, options.Trials, console.ErrorIsTerminal);
        var outExisted = Directory.Exists(settings.Out);
        using var trialsFile = settings.SaveTrials ? AtomicFile.Begin(Path.Combine(settings.Out!, TrialsFileName)) : null;
        var trialsWriter = trialsFile is null ? null : new TrialsWriter(trialsFile.Stream, scenario, options, TrialsContent.Run);
        // The report's tornado of lost US revenue ranks the inputs on the run's own trials (the first 100,000 of a longer run).
        var ranks = settings.Out is not null && !settings.NoPlots && options.Trials >= 10 ? new SensitivityAnalysis.RankRecorder(Math.Min(options.Trials, Report.TornadoTrials)) : null;
        try
        {
            using (progress)
            {
                var observer = TrialObservers.Of(trialsWriter, ranks);
                if (target is null)
                {
                    results = SimulationRunner.Run(scenario, options, progress, cancellation, observer);
                }
                else
                {
                    var stopped = AutoStop.Run(scenario, options, target, maxTrials, progress, cancellation, observer);
                    (results, convergence) = (stopped.Results, Convergence.Of(stopped));
                }
            }
        }
        catch (RunStoppedException stopped)
        {
            var after = $"supplyshock: stopped after {stopped.Done:N0} of {stopped.Planned:N0} trials";
            if (stopped.Kept is not { } kept)
            {
                var why = options.Sampler switch
                {
                    Sampler.LatinHypercube => "a Latin hypercube sample is complete only at its last trial (under sampler: monte-carlo a stopped run keeps the trials it finished)",
                    Sampler.Sobol when stopped.Done > 0 => $"the {stopped.Done} trials finished are not a multiple of the {options.Replicates} replicates",
                    _ => "no trial was finished",
                };
                trialsFile?.Dispose();
                if (settings.Out is { } empty && !outExisted && Directory.Exists(empty) && !Directory.EnumerateFileSystemEntries(empty).Any())
                {
                    Directory.Delete(empty); // made for trials.parquet, which is not kept
                }
                console.Error.WriteLine($"{after}; nothing was written: {why}");
                return RunCommand.Interrupted;
            }
            RunTable.Write(console.Out, kept, scenario.EndUses);
            var wrote = "the table above"; // no charts: whoever pressed Ctrl+C wants the run to end
            if (settings.Out is { } keptDir)
            {
                Write(keptDir, kept, options, started, settings.Force);
                wrote = $"wrote {Path.Combine(keptDir, "results.json")}, summary.csv{SaveTrials(trialsFile, trialsWriter, stopped.Done)} and run.json; draw the charts with: supplyshock plot {keptDir}";
                OutputFolder.Seal(keptDir);
            }
            console.Error.WriteLine($"{after} and kept them (the same results as --trials {stopped.Done}): {wrote}");
            return RunCommand.Interrupted;
        }
        log.LogInformation("Finished in {Seconds:0.00} s", clock.Elapsed.TotalSeconds);

        RunTable.Write(console.Out, results, scenario.EndUses);
        if (convergence is not null)
        {
            PrecisionReport.Write(console.Out, convergence);
        }
        if (settings.Out is { } outDir)
        {
            Write(outDir, results, options, started, settings.Force, convergence);
            console.Error.WriteLine($"Wrote {Path.Combine(outDir, "results.json")}, summary.csv{SaveTrials(trialsFile, trialsWriter, results.Run.Trials)}{(convergence is null ? "" : ", " + PrecisionReport.FileName)} and run.json");
            if (ranks is { HasVaryingInputs: true })
            {
                var tornado = ranks.Analyze(["us_revenue_lost"], options.Seed);
                var perPolicy = tornado with
                {
                    Metrics = tornado.Metrics.Where(m => results.Policies.Any(p => p.Name == m.Policy)).ToArray(),
                    Run = new SensitivityRun(Simulation.Name(options.Sampler), scenario.Overrides, scenario.Sha256, results.Run.Version),
                };
                AtomicFile.Write(Path.Combine(outDir, Report.TornadoFile), stream => SensitivityReport.WriteJson(stream, scenario.Name, perPolicy));
            }
            if (!settings.NoPlots)
            {
                PlotCommand.Draw(console, outDir, results, scenario, settings.Plot);
            }
            OutputFolder.Seal(outDir);
        }
        return ExitCodes.Success;
    }

    /// <summary>The per-trial file's name in a run's folder; compare looks for it beside results.json.</summary>
    public const string TrialsFileName = "trials.parquet";

    /// <summary>Ends the per-trial file after the first <paramref name="trials"/> trials and renames it into place; says so for the message.</summary>
    private static string SaveTrials(PendingFile? file, TrialsWriter? writer, long trials)
    {
        if (file is null || writer is null)
        {
            return "";
        }
        writer.Complete(trials);
        file.Commit();
        return ", " + TrialsFileName;
    }

    /// <summary>results.json, summary.csv and run.json, each written atomically, after the last run's outputs are removed.</summary>
    /// <summary>An auto-stopped run's <paramref name="convergence"/> goes to convergence.json, and what it asked and reached to run.json.</summary>
    private static void Write(string outDir, RunResults results, RunOptions options, DateTimeOffset started, bool force, Convergence? convergence = null)
    {
        OutputFolder.Clear(outDir, force);
        var provenance = RunProvenance.For(results, options.Threads, started, DateTimeOffset.UtcNow) with
        {
            Precision = convergence?.Precision,
            PrecisionReached = convergence?.Reached ?? false,
            MaxTrials = convergence?.MaxTrials ?? 0,
        };
        if (convergence is not null)
        {
            AtomicFile.Write(Path.Combine(outDir, PrecisionReport.FileName), stream => PrecisionReport.WriteJson(stream, convergence));
        }
        AtomicFile.Write(Path.Combine(outDir, "results.json"), stream => ResultsJson.Write(stream, results));
        AtomicFile.WriteText(Path.Combine(outDir, "summary.csv"), SummaryCsv.Write(results));
        AtomicFile.Write(Path.Combine(outDir, RunProvenance.FileName), provenance.Write);
    }
}
