namespace SupplyShock.Cli;

using System.CommandLine;

/// <summary>Exit statuses of FORMAT.md: 0 success, 1 a regression check found drift, 2 bad input or usage.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Drift = 1;
    public const int BadInput = 2;
}

/// <summary>The command line. Output goes through the writers it is given, so tests read what a user would see.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default, bool stderrIsTerminal = false)
    {
        var console = new CliConsole(stdout, stderr, stderrIsTerminal);
        var root = new RootCommand("SupplyShock: what export controls on a buyer cost its suppliers, and how much supply still gets through.")
        {
            ValidateCommand.Create(console),
            ExplainCommand.Create(console),
            RunCommand.Create(console),
            GenerateCommand.Create(console),
            CompareCommand.Create(console),
            CheckCommand.Create(console),
            PlotCommand.Create(console),
            SensitivityCommand.Create(console),
            SweepCommand.Create(console),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"supplyshock: error: {error.Message}");
            }
            stderr.WriteLine("Run 'supplyshock --help' for usage.");
            return ExitCodes.BadInput;
        }
        // Termination signals are handled in Program, which passes them in as `cancellation`.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(invocation, cancellation);
    }
}

/// <summary>The only writers commands print to: results on stdout, diagnostics and logs on stderr.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal = false)
{
    /// <summary>Writes a JSON document made by <paramref name="write"/> to stdout.</summary>
    public void WriteJson(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}

internal static class CommonOptions
{
    public static Argument<string> ScenarioFile() => new("FILE") { Description = "The scenario file (YAML)." };

    /// <summary><c>--set NAME=VALUE</c>, repeatable: a parameter or an uncertain input's place, given a number or a distribution.</summary>
    public static Option<string[]> Set() => new("--set")
    {
        Description = "Fix a parameter or input (by name or place, e.g. components.rf.substitution) to a number, or give it a distribution: NAME=0.3 or 'NAME={dist: beta, a: 2, b: 2}'. Repeatable.",
    };

    public static Option<string> Format()
    {
        var option = new Option<string>("--format") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }
}
