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
        var force = new Option<bool>("--force") { Description = "Replace charts and reports that no earlier run recorded writing there." };
        var command = new Command("plot", "Redraw the charts and the report of a saved run, without running the model.") { dir, force };
        command.SetAction(parse => Execute(console, parse.GetValue(dir)!, parse.GetValue(force)));
        return command;
    }

    public static int Execute(CliConsole console, string dir, bool force = false)
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
        Draw(console, dir, typed, ScenarioOf(dir));
        OutputFolder.Seal(dir);
        return ExitCodes.Success;
    }

    /// <summary>The scenario named in run.json, for the report's assumptions; null if it cannot be read as valid.</summary>
    private static ValidScenario? ScenarioOf(string dir)
    {
        var file = RunProvenance.Read(Path.Combine(dir, RunProvenance.FileName)).Provenance?.ScenarioFile;
        return file is not null && File.Exists(file) ? ScenarioLoader.Load(file).Scenario : null;
    }

    public static void Draw(CliConsole console, string dir, RunResults results, ValidScenario? scenario)
    {
        var charts = Report.Write(dir, results, scenario);
        console.Error.WriteLine($"Wrote {charts.Count} charts to {Path.Combine(dir, "plots")} (PNG and SVG), {Path.Combine(dir, "report.html")} and report.md");
    }
}
