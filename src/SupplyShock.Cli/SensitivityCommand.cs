namespace SupplyShock.Cli;

using System.CommandLine;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Core.Sensitivity;
using SupplyShock.Core.Validation;
using SupplyShock.Plotting;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary>
/// <c>supplyshock sensitivity FILE</c>: which uncertain inputs move lost US revenue and output (issue 9). Rank
/// correlations and a tornado from one ordinary run, or Sobol indices from Saltelli's design run through the engine.
/// </summary>
internal static class SensitivityCommand
{
    /// <summary>Sobol rows (N) by default: N(k + 2) engine trials for k groups.</summary>
    public const int DefaultSobolRows = 8192;

    /// <summary>A rank analysis keeps every trial in memory (inputs and outcomes): about 1 GB at this many trials of a large scenario.</summary>
    public const int MaxRankTrials = 1_000_000;

    public static Command Create(CliConsole console)
    {
        var file = CommonOptions.ScenarioFile();
        var policy = new Option<string[]>("--policy") { Description = "Analyse only this policy (repeatable)." };
        var metric = new Option<string[]>("--metric") { Description = "A metric to explain (repeatable): us_revenue_lost, us_revenue_lost_share, supply_through, us_supply_through, foreign_gain or output.<end use>. Default: us_revenue_lost, supply_through and every output, plus the pairs' lost US revenue." };
        var method = new Option<string>("--method") { Description = "rank (Spearman and a tornado, from one run) or sobol (first-order and total indices).", DefaultValueFactory = _ => "rank" };
        method.AcceptOnlyFromAmong("rank", "sobol");
        var trials = new Option<int?>("--trials") { Description = $"rank: the run's trials (default: the scenario's). sobol: N, the rows of the design (default {DefaultSobolRows:N0}); the engine runs N(k + 2) trials for k groups." };
        var seed = new Option<long?>("--seed") { Description = "Random seed (default: the scenario's)." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores). Results do not depend on it." };
        var group = new Option<string[]>("--group") { Description = "sobol: NAME=INPUT,INPUT... analyses these inputs as one group (repeatable); 'licences' names the licence draws." };
        var correlated = new Option<string>("--correlated") { Description = "sobol: 'block' (default) reports the copula's correlated inputs as one group; 'full-independent' also gives each one's full and independent indices.", DefaultValueFactory = _ => "block" };
        correlated.AcceptOnlyFromAmong("block", "full-independent");
        var licences = new Option<string>("--licences") { Description = "sobol: 'together' (default) analyses every licence draw as the group 'licences'; 'per-supplier' gives each supplier's draws a group." , DefaultValueFactory = _ => "together" };
        licences.AcceptOnlyFromAmong("together", "per-supplier");
        var output = new Option<string?>("--out") { Description = "Write sensitivity.csv, sensitivity.json and the charts (plots/) to this folder." };
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var set = CommonOptions.Set();
        var (plotSize, dpi, plotFormat) = PlotCommand.ChartOptions();
        var command = new Command("sensitivity", "Which uncertain inputs drive lost US revenue and output: rank correlations and tornado, or Sobol indices.")
        {
            file, policy, metric, method, trials, seed, threads, group, correlated, licences, output, format, set, plotSize, dpi, plotFormat,
        };
        command.SetAction((parse, cancellation) =>
        {
            if (PlotCommand.ParseChartOptions(console, parse, plotSize, dpi, plotFormat) is not { } plot)
            {
                return Task.FromResult(ExitCodes.BadInput);
            }
            var settings = new Settings(
                parse.GetValue(file)!,
                parse.GetValue(policy) ?? [],
                parse.GetValue(metric) ?? [],
                parse.GetValue(method) == "sobol" ? SensitivityMethod.Sobol : SensitivityMethod.Rank,
                parse.GetValue(trials),
                parse.GetValue(seed),
                parse.GetValue(threads),
                parse.GetValue(group) ?? [],
                parse.GetValue(output),
                parse.GetValue(format)!,
                parse.GetValue(set) ?? [],
                plot)
            {
                FullIndependent = parse.GetValue(correlated) == "full-independent",
                LicencesPerSupplier = parse.GetValue(licences) == "per-supplier",
            };
            return Task.FromResult(Execute(console, settings, cancellation));
        });
        return command;
    }

    internal sealed record Settings(
        string File,
        IReadOnlyList<string> Policies,
        IReadOnlyList<string> Metrics,
        SensitivityMethod Method,
        int? Trials,
        long? Seed,
        int? Threads,
        IReadOnlyList<string> Groups,
        string? Out,
        string Format,
        IReadOnlyList<string> Sets,
        PlotOptions Plot)
    {
        /// <summary>--correlated full-independent: each correlated input's full and independent indices too.</summary>
        public bool FullIndependent { get; init; }

        /// <summary>--licences per-supplier: a group of licence draws per supplier.</summary>
        public bool LicencesPerSupplier { get; init; }
    }

    public static int Execute(CliConsole console, Settings settings, CancellationToken cancellation)
    {
        var loaded = ScenarioLoader.Load(settings.File, settings.Sets);
        if (loaded.Scenario is not { } scenario)
        {
            return ValidateCommand.Report(console, settings.File, "text", loaded);
        }
        DiagnosticReport.WriteText(console.Error, loaded.Warnings);

        var problems = new List<string>();
        foreach (var name in settings.Policies.Where(n => scenario.Policies.All(p => p.Name != n)))
        {
            problems.Add($"--policy {name}: no such policy in {settings.File}{Suggestions.DidYouMean(name, scenario.Policies.Select(p => p.Name))}");
        }
        string[] known = [.. MetricLayout.ScalarNames.Where(n => n != "us_revenue_baseline"), .. scenario.EndUses.Select(e => $"output.{e.Id}")];
        foreach (var name in settings.Metrics.Where(m => !known.Contains(m)))
        {
            problems.Add($"--metric {name}: not a metric{Suggestions.DidYouMean(name, known)}; one of {string.Join(", ", known)}");
        }
        if (settings.Trials is < 4 || settings.Seed is < 0 || settings.Threads is < 1)
        {
            problems.Add("--trials must be at least 4, --seed not negative and --threads at least 1");
        }
        if (settings.Method == SensitivityMethod.Rank && (settings.Trials ?? scenario.Simulation.Trials) > MaxRankTrials)
        {
            problems.Add($"--trials {settings.Trials ?? scenario.Simulation.Trials:N0}: ranks need every trial's inputs and outcomes in memory; use at most {MaxRankTrials:N0} (ranks are stable long before that)");
        }
        if (settings.Out is { } dir && File.Exists(dir))
        {
            problems.Add($"--out {dir}: is a file; give a folder");
        }
        if (settings.Method == SensitivityMethod.Rank && scenario.Simulation.Sampler == Sampler.Sobol
            && (settings.Trials ?? scenario.Simulation.Trials) % ModelDefaults.Replicates is var remainder and not 0)
        {
            var n = settings.Trials ?? scenario.Simulation.Trials;
            problems.Add($"--trials {n}: the scenario's sobol sampler needs a multiple of its {ModelDefaults.Replicates} replicates; use {n - remainder + ModelDefaults.Replicates}");
        }
        if (settings.Method == SensitivityMethod.Rank && (settings.Groups.Count > 0 || settings.FullIndependent || settings.LicencesPerSupplier))
        {
            problems.Add("--group, --correlated and --licences are for --method sobol; rank correlations are per input");
        }
        var options = RunOptions.From(scenario) with
        {
            Trials = settings.Method == SensitivityMethod.Rank ? settings.Trials ?? scenario.Simulation.Trials : scenario.Simulation.Trials,
            Seed = settings.Seed ?? scenario.Simulation.Seed,
            Threads = settings.Threads ?? Environment.ProcessorCount,
            Policies = settings.Policies.Count > 0 ? settings.Policies : null,
        };
        var custom = new List<(string, IReadOnlyList<string>)>();
        foreach (var text in settings.Groups)
        {
            var equals = text.IndexOf('=');
            if (equals <= 0 || equals == text.Length - 1)
            {
                problems.Add($"--group {text}: expected NAME=INPUT,INPUT...");
                continue;
            }
            custom.Add((text[..equals].Trim(), text[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
        }
        var (groups, groupProblems) = SensitivityAnalysis.Groups(ModelCompiler.Compile(scenario, options with { Sampler = Sampler.MonteCarlo }), custom, settings.LicencesPerSupplier); // groups do not depend on the sampler
        problems.AddRange(groupProblems);
        if (settings.Method == SensitivityMethod.Sobol && groups.Count == 0)
        {
            problems.Add($"{settings.File}: no uncertain input to analyse; every trial is the same");
        }
        if (problems.Count > 0)
        {
            problems.ForEach(p => console.Error.WriteLine($"supplyshock: error: {p}"));
            return ExitCodes.BadInput;
        }

        var metrics = settings.Metrics.Count > 0 ? settings.Metrics : SensitivityAnalysis.DefaultMetrics(scenario);
        var rows = settings.Trials ?? DefaultSobolRows;
        var correlatedCount = CorrelationMatrix.Members(scenario.Parameters.Where(p => p.Distribution is not ConstantDistribution).Select(p => p.Name), scenario.Correlations).Count;
        var total = settings.Method == SensitivityMethod.Rank
            ? options.Trials
            : ((long)rows * (groups.Count + 2)) + (settings.FullIndependent ? 2L * correlatedCount * rows * 4 : 0);
        SensitivityResult result;
        try
        {
            using var progress = new ProgressBar(console.Error, total, console.ErrorIsTerminal);
            result = settings.Method == SensitivityMethod.Rank
                ? SensitivityAnalysis.Rank(scenario, options, metrics, progress, cancellation)
                : SensitivityAnalysis.Sobol(scenario, options, rows, groups, metrics, progress: progress, cancellation: cancellation, fullIndependent: settings.FullIndependent);
        }
        catch (RunStoppedException stopped)
        {
            console.Error.WriteLine($"supplyshock: stopped after {stopped.Done:N0} of {stopped.Planned:N0} model trials; nothing was written: an analysis needs every trial of its design");
            return RunCommand.Interrupted;
        }

        result = result with
        {
            Run = new SensitivityRun(Simulation.Name(settings.Method == SensitivityMethod.Rank ? options.Sampler : Sampler.MonteCarlo), scenario.Overrides, scenario.Sha256, Summarizer.ProgramVersion),
        };
        if (settings.Format == "json")
        {
            console.WriteJson(stream => SensitivityReport.WriteJson(stream, scenario.Name, result));
        }
        else
        {
            SensitivityReport.WriteText(console.Out, scenario.Name, result);
        }
        if (settings.Out is { } outDir)
        {
            AtomicFile.WriteText(Path.Combine(outDir, "sensitivity.csv"), SensitivityReport.Csv(result));
            AtomicFile.Write(Path.Combine(outDir, "sensitivity.json"), stream => SensitivityReport.WriteJson(stream, scenario.Name, result));
            var money = scenario.Unit.Length > 0 ? $"{scenario.Currency} {scenario.Unit}" : scenario.Currency;
            var charts = SensitivityPage.Write(outDir, scenario.Name, result, money, EntityNames.Of(scenario), settings.Plot);
            console.Error.WriteLine($"Wrote {Path.Combine(outDir, "sensitivity.csv")}, sensitivity.json, sensitivity.html, sensitivity.md and {charts.Count} chart{(charts.Count == 1 ? "" : "s")} in {Path.Combine(outDir, "plots")}");
        }
        return ExitCodes.Success;
    }
}
