namespace SupplyShock.Cli;

using System.CommandLine;
using SupplyShock.Core.Validation;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary><c>supplyshock validate FILE</c>: exit 0 with a summary, or 2 with every diagnostic.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var file = CommonOptions.ScenarioFile();
        var format = CommonOptions.Format();
        var command = new Command("validate", "Check a scenario file and print a summary, or every problem as path:line:column.") { file, format };
        command.SetAction(parse => Execute(console, parse.GetValue(file)!, parse.GetValue(format)!));
        return command;
    }

    public static int Execute(CliConsole console, string path, string format) => Report(console, path, format, ScenarioLoader.Load(path));

    /// <summary>Prints what loading found: the summary and warnings, or every diagnostic; the exit status says which.</summary>
    public static int Report(CliConsole console, string path, string format, ValidationResult result)
    {
        if (format == "json")
        {
            console.WriteJson(stream => ValidationReport.WriteJson(stream, path, result.Scenario, result.Diagnostics));
        }
        else
        {
            DiagnosticReport.WriteText(console.Error, result.Diagnostics);
            if (result.Scenario is { } scenario)
            {
                ValidationReport.WriteSummary(console.Out, scenario);
            }
            else
            {
                console.Error.WriteLine($"{path}: {result.Errors.Count()} error(s); nothing was run");
            }
        }
        return result.Succeeded ? ExitCodes.Success : ExitCodes.BadInput;
    }
}
