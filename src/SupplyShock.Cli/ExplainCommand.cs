namespace SupplyShock.Cli;

using System.CommandLine;
using SupplyShock.Core.Model;
using SupplyShock.Core.Validation;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary><c>supplyshock explain FILE</c>: per policy, which flows are subject and which rule decides each one in each period.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliConsole console)
    {
        var file = CommonOptions.ScenarioFile();
        var format = CommonOptions.Format();
        var policy = new Option<string[]>("--policy") { Description = "Explain only this policy (repeatable).", AllowMultipleArgumentsPerToken = false };
        var set = CommonOptions.Set();
        var command = new Command("explain", "List the uncertain inputs by name and show, per policy, which flows are subject to the rules (item origin, de minimis, FDPR) and which rule decides each one in each period.")
        {
            file, format, policy, set,
        };
        command.SetAction(parse => Execute(console, parse.GetValue(file)!, parse.GetValue(format)!, parse.GetValue(policy) ?? [], parse.GetValue(set) ?? []));
        return command;
    }

    public static int Execute(CliConsole console, string path, string format, IReadOnlyList<string> policies, IReadOnlyList<string>? sets = null)
    {
        var result = ScenarioLoader.Load(path, sets ?? []);
        if (result.Scenario is not { } scenario)
        {
            return ValidateCommand.Report(console, path, format, result);
        }
        var unknown = policies.Where(p => scenario.Policies.All(q => q.Name != p)).ToArray();
        foreach (var name in unknown)
        {
            console.Error.WriteLine($"supplyshock: error: --policy {name}: no such policy in {path}{Suggestions.DidYouMean(name, scenario.Policies.Select(q => q.Name))}");
        }
        if (unknown.Length > 0)
        {
            return ExitCodes.BadInput;
        }
        DiagnosticReport.WriteText(console.Error, result.Warnings);
        var chosen = scenario.Policies.Where(p => policies.Count == 0 || policies.Contains(p.Name));
        var explanations = chosen.Select(p => Explainer.Explain(scenario, p)).ToArray();
        if (format == "json")
        {
            console.WriteJson(stream => ExplainReport.WriteJson(stream, scenario, explanations));
        }
        else
        {
            ExplainReport.WriteText(console.Out, scenario, explanations);
        }
        return ExitCodes.Success;
    }
}
