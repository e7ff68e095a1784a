namespace SupplyShock.Cli;

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Core.Validation;
using SupplyShock.Plotting;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary>The settings of <c>supplyshock sweep</c>, checked before any point runs.</summary>
internal sealed record SweepSettings(
    string File,
    IReadOnlyList<string> Sets,
    int? Trials,
    long? Seed,
    int? Threads,
    IReadOnlyList<string> Policies,
    IReadOnlyList<string> Metrics,
    string? Out,
    string Format,
    bool NoPlots = false,
    bool Force = false)
{
    public PlotOptions Plot { get; init; } = PlotOptions.Default;
}

/// <summary>
/// <c>supplyshock sweep FILE --set NAME=FROM:STEP:TO</c>: a run at every point of a grid of one or two names, each with
/// the same seed and trials, so every point draws the same uniforms (common random numbers): the curve is smooth and
/// differences between points are paired. Every point is loaded and checked before the first runs.
/// </summary>
internal static class SweepCommand
{
    public static readonly IReadOnlyList<string> DefaultMetrics = ["us_revenue_lost", "supply_through", SweepResults.Output];

    public static Command Create(CliConsole console)
    {
        var file = CommonOptions.ScenarioFile();
        var set = new Option<string[]>("--set")
        {
            Description = "NAME=FROM:STEP:TO sweeps NAME (one name, or two for a grid); NAME=VALUE fixes it at every point, as in 'run --set'. Repeatable.",
        };
        var trials = new Option<int?>("--trials") { Description = "Trials at every point (default: the scenario's simulation.trials)." };
        var seed = new Option<long?>("--seed") { Description = "Random seed, the same at every point (default: the scenario's simulation.seed)." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores). Results do not depend on it." };
        var policy = new Option<string[]>("--policy") { Description = "Only this policy (repeatable)." };
        var metric = new Option<string[]>("--metric") { Description = $"A metric to show and chart (repeatable; default {string.Join(", ", DefaultMetrics)}). The files keep every metric." };
        metric.AcceptOnlyFromAmong([.. SweepResults.MetricNames]);
        var output = new Option<string?>("--out") { Description = "Write sweep.csv, sweep.json and plots/sweep-*.png and .svg to this folder." };
        var format = CommonOptions.Format();
        var noPlots = new Option<bool>("--no-plots") { Description = "With --out, do not draw the charts." };
        var force = new Option<bool>("--force") { Description = "With --out, replace files with an output's name that no earlier run recorded writing there." };
        var (plotSize, dpi, plotFormat) = PlotCommand.ChartOptions();
        var command = new Command("sweep", "Run a scenario at every value of one or two inputs (--set NAME=FROM:STEP:TO) on the same trials, and show how each metric moves.")
        {
            file, set, trials, seed, threads, policy, metric, output, format, noPlots, force, plotSize, dpi, plotFormat,
        };
        command.SetAction((parse, cancellation) =>
        {
            if (PlotCommand.ParseChartOptions(console, parse, plotSize, dpi, plotFormat) is not { } plot)
            {
                return Task.FromResult(ExitCodes.BadInput);
            }
            var metrics = parse.GetValue(metric) is { Length: > 0 } chosen ? chosen.Distinct().ToArray() : DefaultMetrics;
            var settings = new SweepSettings(parse.GetValue(file)!, parse.GetValue(set) ?? [], parse.GetValue(trials), parse.GetValue(seed),
                parse.GetValue(threads), parse.GetValue(policy) ?? [], metrics, parse.GetValue(output), parse.GetValue(format)!,
                parse.GetValue(noPlots), parse.GetValue(force))
            {
                Plot = plot,
            };
            return Task.FromResult(Execute(console, settings, cancellation));
        });
        return command;
    }

    public static int Execute(CliConsole console, SweepSettings settings, CancellationToken cancellation)
    {
        var (grid, gridProblems) = SweepGrid.Parse(settings.Sets);
        if (grid is null)
        {
            Fail(console, gridProblems);
            return ExitCodes.BadInput;
        }
        if (Load(console, settings.File, grid) is not { } scenarios)
        {
            return ExitCodes.BadInput;
        }
        var scenario = scenarios[0];
        var problems = RunChecks.Problems(settings.File, scenario, settings.Policies, settings.Trials, settings.Seed, settings.Threads, settings.Out, settings.Force);
        if (problems.Count > 0)
        {
            Fail(console, problems);
            return ExitCodes.BadInput;
        }

        var options = RunChecks.Options(scenario, settings.Trials, settings.Seed, settings.Threads, settings.Policies);
        var clock = Stopwatch.StartNew();
        var points = new List<SweepPoint>();
        var stoppedWithin = false;
        using (var progress = new SweepProgress(console.Error, grid, options.Trials, console.ErrorIsTerminal))
        {
            for (var k = 0; k < grid.Points.Count && !cancellation.IsCancellationRequested; k++)
            {
                progress.Point = k;
                try
                {
                    points.Add(new SweepPoint(grid.Points[k], SimulationRunner.Run(scenarios[k], options, progress, cancellation)));
                }
                catch (RunStoppedException)
                {
                    // A point stopped part-way has fewer trials than the others: it is not on the same random numbers, so it goes.
                    stoppedWithin = true;
                }
            }
        }
        var sweep = new SweepResults(grid, points);
        var stopped = !sweep.Complete;
        if (stopped && points.Count == 0)
        {
            console.Error.WriteLine($"supplyshock: stopped before the first of {grid.Points.Count} points was finished; nothing was written");
            return RunCommand.Interrupted;
        }

        if (settings.Format == "json")
        {
            console.WriteJson(stream => SweepJson.Write(stream, sweep));
        }
        else
        {
            SweepTable.Write(console.Out, sweep, settings.Metrics);
        }
        var wrote = "";
        if (settings.Out is { } dir)
        {
            OutputFolder.Clear(dir, settings.Force);
            AtomicFile.WriteText(Path.Combine(dir, "sweep.csv"), SweepCsv.Write(sweep));
            AtomicFile.Write(Path.Combine(dir, "sweep.json"), stream => SweepJson.Write(stream, sweep));
            wrote = $"wrote {Path.Combine(dir, "sweep.csv")} and sweep.json";
            if (!settings.NoPlots && !stopped) // no charts after Ctrl+C: whoever pressed it wants the sweep to end
            {
                var charts = SweepCharts.All(sweep, settings.Metrics);
                foreach (var chart in charts)
                {
                    ChartRenderer.Save(chart, Path.Combine(dir, "plots"), settings.Plot);
                }
                wrote += $", and {charts.Count} charts to {Path.Combine(dir, "plots")}";
            }
            OutputFolder.Seal(dir);
        }
        if (stopped)
        {
            var partial = stoppedWithin ? " (the point under way was dropped: it had fewer trials than the others)" : "";
            console.Error.WriteLine($"supplyshock: stopped after {points.Count} of {grid.Points.Count} points{partial}; kept the first {points.Count}, "
                + $"up to {grid.Describe(points[^1].Values)}: " + (wrote.Length > 0 ? wrote : "the table above"));
            return RunCommand.Interrupted;
        }
        var seconds = clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        console.Error.WriteLine($"Ran {grid.Points.Count} points of {options.Trials:N0} trials in {seconds} s" + (wrote.Length > 0 ? $"; {wrote}" : ""));
        return ExitCodes.Success;
    }

    /// <summary>
    /// Loads the scenario at every point, so that a value out of range anywhere on the grid is found before anything
    /// runs. The first bad point gets its diagnostics in full; further bad points are listed by their values.
    /// </summary>
    private static IReadOnlyList<ValidScenario>? Load(CliConsole console, string file, SweepGrid grid)
    {
        var loaded = grid.Points.Select(p => ScenarioLoader.Load(file, grid.Sets(p))).ToArray();
        var bad = Enumerable.Range(0, loaded.Length).Where(k => !loaded[k].Succeeded).ToArray();
        if (bad.Length == 0)
        {
            DiagnosticReport.WriteText(console.Error, loaded[0].Warnings);
            return loaded.Select(l => l.Scenario!).ToArray();
        }
        DiagnosticReport.WriteText(console.Error, loaded[bad[0]].Diagnostics);
        var where = bad.Length == grid.Points.Count ? "at every point of the sweep" : $"at sweep point {grid.Describe(grid.Points[bad[0]])}";
        console.Error.WriteLine($"supplyshock: error: {file} is not valid {where}; nothing was run");
        if (bad.Length > 1 && bad.Length < grid.Points.Count)
        {
            var shown = bad.Skip(1).Take(5).Select(k => grid.Describe(grid.Points[k]));
            var more = bad.Length > 6 ? $" and {bad.Length - 6} more" : "";
            console.Error.WriteLine($"supplyshock: error: nor at {string.Join("; ", shown)}{more}");
        }
        return null;
    }

    private static void Fail(CliConsole console, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            console.Error.WriteLine($"supplyshock: error: {problem}");
        }
    }
}

/// <summary>A point counter on stderr ("point 3 of 21, approval=0.4: 45%") for sweeps longer than a second; silent when stderr is not a terminal.</summary>
internal sealed class SweepProgress(TextWriter error, SweepGrid grid, long trials, bool enabled) : IProgress<long>, IDisposable
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly object gate = new();
    private long lastDrawMs = -1000;
    private int width;

    /// <summary>The point under way, 0-based.</summary>
    public int Point { get; set; }

    public void Report(long done)
    {
        if (!enabled || clock.ElapsedMilliseconds < 1000)
        {
            return;
        }
        lock (gate)
        {
            var now = clock.ElapsedMilliseconds;
            if (now - lastDrawMs < 100)
            {
                return;
            }
            lastDrawMs = now;
            var share = ((Point * (double)trials) + done) / (grid.Points.Count * (double)trials);
            var eta = share > 0 ? (now / 1000.0 / share) - (now / 1000.0) : 0;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"\rpoint {Point + 1} of {grid.Points.Count} ({grid.Describe(grid.Points[Point])}): {100.0 * done / trials,5:0.0}%  sweep {share * 100:0.0}%  {eta:0}s left ");
            width = Math.Max(width, line.Length);
            error.Write(line.PadRight(width));
            error.Flush();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (width > 0)
            {
                error.Write("\r" + new string(' ', width) + "\r");
                error.Flush();
            }
        }
    }
}
