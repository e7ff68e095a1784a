namespace SupplyShock.Cli;

using System.CommandLine;
using System.Text.Json;
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
        var command = new Command("plot", "Redraw the charts and the report of a saved run, without running the model.") { dir };
        command.SetAction(parse => Execute(console, parse.GetValue(dir)!));
        return command;
    }

    public static int Execute(CliConsole console, string dir)
    {
        var (results, error) = ResultsReader.Read(Path.Combine(dir, "results.json"));
        if (results is null)
        {
            console.Error.WriteLine(error);
            return ExitCodes.BadInput;
        }
        Draw(console, dir, results, ScenarioOf(dir));
        return ExitCodes.Success;
    }

    /// <summary>The scenario named in run.json, for the report's assumptions; null if it cannot be read as valid.</summary>
    private static ValidScenario? ScenarioOf(string dir)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "run.json")));
            var file = json.RootElement.GetProperty("scenario_file").GetString();
            return file is not null && File.Exists(file) ? ScenarioLoader.Load(file).Scenario : null;
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Draw(CliConsole console, string dir, ResultsFile results, ValidScenario? scenario)
    {
        var charts = Report.Write(dir, results, scenario);
        console.Error.WriteLine($"Wrote {charts.Count} charts to {Path.Combine(dir, "plots")} (PNG and SVG), {Path.Combine(dir, "report.html")} and report.md");
    }
}
