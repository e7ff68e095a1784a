namespace SupplyShock.Cli;

using System.CommandLine;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Plotting;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary><c>supplyshock plot DIR</c>: redraw DIR/plots and DIR/report.html and report.md from the saved results, without running the model.</summary>
internal static class PlotCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "A folder written by 'supplyshock run --out DIR'." };
        var (size, dpi, formats) = ChartOptions();
        var force = new Option<bool>("--force") { Description = "Replace charts and reports that no earlier run recorded writing there." };
        var command = new Command("plot", "Redraw the charts and the report of a saved run, without running the model.") { dir, size, dpi, formats, force };
        command.SetAction(parse =>
        {
            var plot = ParseChartOptions(console, parse, size, dpi, formats);
            return plot is null ? ExitCodes.BadInput : Execute(console, parse.GetValue(dir)!, plot, parse.GetValue(force));
        });
        return command;
    }
    /// <summary>--plot-size, --dpi and --plot-format, shared by <c>run</c> and <c>plot</c>.</summary>
    public static (Option<string?> Size, Option<string?> Dpi, Option<string?> Formats) ChartOptions() =>
    (
        new Option<string?>("--plot-size") { Description = "Chart size WIDTHxHEIGHT in pixels at 96 per inch (default 1000x600), or with a unit: 6.5x4in, 16x10cm." },
        new Option<string?>("--dpi") { Description = "Resolution of the PNG charts (default 96; 300 for print)." },
        new Option<string?>("--plot-format") { Description = "Chart formats, any of png,svg,pdf (default png,svg)." }
    );

    /// <summary>The chart options given, or null after printing every problem with them.</summary>
    public static PlotOptions? ParseChartOptions(CliConsole console, ParseResult parse, Option<string?> size, Option<string?> dpi, Option<string?> formats)
    {
        var (options, problems) = PlotOptions.Parse(parse.GetValue(size), parse.GetValue(dpi), parse.GetValue(formats));
        foreach (var problem in problems)
        {
            console.Error.WriteLine($"supplyshock: error: {problem}");
        }
        return options;
    }

    public static int Execute(CliConsole console, string dir, PlotOptions? plot = null, bool force = false)
    {
        var (results, error) = ResultsReader.Read(Path.Combine(dir, "results.json"));
        if (results?.Results is not { } typed)
        {
            console.Error.WriteLine(error);
            return ExitCodes.BadInput;
        }
        if (OutputFolder.Problem(dir, dir, force) is { } unrecorded)
        {
            console.Error.WriteLine($"supplyshock: error: {unrecorded}");
            return ExitCodes.BadInput;
        }
        OutputFolder.Clear(dir, force, keep: OutputFolder.RunData.Contains); // the run's data stays; old charts go
        Draw(console, dir, typed, ScenarioOf(dir), plot ?? PlotOptions.Default);
        OutputFolder.Seal(dir);
        return ExitCodes.Success;
    }

    /// <summary>The scenario named in run.json, for the report's assumptions; null if it cannot be read as valid.</summary>
    private static ValidScenario? ScenarioOf(string dir)
    {
        var file = RunProvenance.Read(Path.Combine(dir, RunProvenance.FileName)).Provenance?.ScenarioFile;
        return file is not null && File.Exists(file) ? ScenarioLoader.Load(file).Scenario : null;
    }

    public static void Draw(CliConsole console, string dir, RunResults results, ValidScenario? scenario, PlotOptions plot)
    {
        var charts = Report.Write(dir, results, scenario, plot);
        var formats = string.Join(", ", plot.Formats.Select(f => f.ToString().ToUpperInvariant()));
        console.Error.WriteLine($"Wrote {charts.Count} charts to {Path.Combine(dir, "plots")} ({formats}), {Path.Combine(dir, "report.html")} and report.md");
    }
}
