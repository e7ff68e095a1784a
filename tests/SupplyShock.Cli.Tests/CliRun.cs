namespace SupplyShock.Cli.Tests;

/// <summary>Runs the command line in-process and keeps what it printed, as a user would see it.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.RunAsync(args, stdout, stderr).GetAwaiter().GetResult();
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    public static string Scenario(string relative) => Path.Combine(Root, "scenarios", relative);

    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupplyShock.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("SupplyShock.sln not found");
    }
}
