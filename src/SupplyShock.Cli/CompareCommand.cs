namespace SupplyShock.Cli;

using System.CommandLine;
using SupplyShock.Reporting;

/// <summary><c>supplyshock compare BASELINE.json CANDIDATE.json</c>: exit 0 when nothing drifted, 1 when something did, 2 on bad input.</summary>
internal static class CompareCommand
{
    public static Command Create(CliConsole console)
    {
        var baseline = new Argument<string>("BASELINE") { Description = "The results.json to compare against." };
        var candidate = new Argument<string>("CANDIDATE") { Description = "The new results.json." };
        var (sigma, relTol, absTol, metric, policy, format) = Options();
        var command = new Command("compare", "Compare two results files metric by metric, telling real drift from Monte Carlo noise.")
        {
            baseline, candidate, sigma, relTol, absTol, metric, policy, format,
        };
        command.SetAction(parse => Execute(
            console,
            parse.GetValue(baseline)!,
            parse.GetValue(candidate)!,
            new CompareOptions(parse.GetValue(sigma), parse.GetValue(relTol), parse.GetValue(absTol), parse.GetValue(metric), parse.GetValue(policy)),
            parse.GetValue(format)!));
        return command;
    }

    /// <summary>The options compare and check share.</summary>
    public static (Option<double> Sigma, Option<double> RelTol, Option<double> AbsTol, Option<string[]> Metric, Option<string[]> Policy, Option<string> Format) Options()
    {
        var sigma = new Option<double>("--sigma") { Description = "Standard errors a mean may move before it is drift (also sets the distribution test's level).", DefaultValueFactory = _ => CompareOptions.DefaultSigma };
        var relTol = new Option<double>("--rel-tol") { Description = "A difference within this share of the baseline value is never drift.", DefaultValueFactory = _ => 0 };
        var absTol = new Option<double>("--abs-tol") { Description = "A difference within this absolute amount is never drift.", DefaultValueFactory = _ => 0 };
        var metric = new Option<string[]>("--metric") { Description = "Compare only this metric (repeatable), e.g. us_revenue_lost or output." };
        var policy = new Option<string[]>("--policy") { Description = "Compare only this policy (repeatable)." };
        var format = new Option<string>("--format") { Description = "table, markdown or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "markdown", "json");
        return (sigma, relTol, absTol, metric, policy, format);
    }

    public static int Execute(CliConsole console, string baselinePath, string candidatePath, CompareOptions options, string format)
    {
        if (options.Sigma <= 0 || options.RelTol < 0 || options.AbsTol < 0)
        {
            console.Error.WriteLine("supplyshock: error: --sigma must be positive, --rel-tol and --abs-tol not negative");
            return ExitCodes.BadInput;
        }
        var (baseline, baselineError) = ResultsReader.Read(baselinePath);
        var (candidate, candidateError) = ResultsReader.Read(candidatePath);
        foreach (var error in new[] { baselineError, candidateError }.OfType<string>())
        {
            console.Error.WriteLine(error);
        }
        if (baseline is null || candidate is null)
        {
            return ExitCodes.BadInput;
        }
        if (ResultsComparer.Incomparable(baseline, candidate) is { } reason)
        {
            console.Error.WriteLine($"supplyshock: error: {reason}");
            return ExitCodes.BadInput;
        }
        // A run saved with --save-trials has its per-trial file beside results.json.
        var (baselineTrials, baselineTrialsError) = TrialsFile.ReadIfPresent(Beside(baselinePath));
        var (candidateTrials, candidateTrialsError) = TrialsFile.ReadIfPresent(Beside(candidatePath));
        foreach (var error in new[] { baselineTrialsError, candidateTrialsError }.OfType<string>())
        {
            console.Error.WriteLine(error);
        }
        if (baselineTrialsError is not null || candidateTrialsError is not null)
        {
            return ExitCodes.BadInput;
        }
        var comparison = ResultsComparer.Compare(baseline, candidate, options, baselineTrials, candidateTrials);
        Write(console, comparison, format);
        return comparison.Drifted ? ExitCodes.Drift : ExitCodes.Success;
    }

    private static string Beside(string resultsPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(resultsPath))!, ScenarioRun.TrialsFileName);

    public static void Write(CliConsole console, Comparison comparison, string format)
    {
        switch (format)
        {
            case "json":
                console.WriteJson(stream => ComparisonReport.WriteJson(stream, comparison));
                break;
            case "markdown":
                ComparisonReport.WriteMarkdown(console.Out, comparison);
                break;
            default:
                ComparisonReport.WriteTable(console.Out, comparison);
                break;
        }
    }
}
