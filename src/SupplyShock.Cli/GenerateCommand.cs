namespace SupplyShock.Cli;

using System.CommandLine;
using SupplyShock.Scenarios;

/// <summary><c>supplyshock generate DIR</c>: a valid synthetic scenario of any size, with CSV tables, for stress tests and benchmarks.</summary>
internal static class GenerateCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "Folder to write scenario.yaml and data/*.csv into (created if missing)." };
        var suppliers = new Option<int>("--suppliers") { Description = "Number of suppliers.", DefaultValueFactory = _ => SyntheticScenario.LargeNetwork.Suppliers };
        var components = new Option<int>("--components") { Description = "Number of components.", DefaultValueFactory = _ => SyntheticScenario.LargeNetwork.Components };
        var edges = new Option<int>("--supply-edges") { Description = "Number of supply edges (each feeds two end uses: twice as many flows).", DefaultValueFactory = _ => SyntheticScenario.LargeNetwork.SupplyEdges };
        var periods = new Option<int>("--periods") { Description = "Quarters in the horizon.", DefaultValueFactory = _ => SyntheticScenario.LargeNetwork.Periods };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator: the same sizes and seed give the same files.", DefaultValueFactory = _ => 1 };
        var command = new Command("generate", "Write a synthetic supply network (a valid scenario with CSV tables) of the given size.")
        {
            dir, suppliers, components, edges, periods, seed,
        };
        command.SetAction(parse => Execute(
            console,
            parse.GetValue(dir)!,
            new SyntheticScenario.Size(parse.GetValue(suppliers), parse.GetValue(components), parse.GetValue(edges), parse.GetValue(periods)),
            parse.GetValue(seed)));
        return command;
    }

    public static int Execute(CliConsole console, string dir, SyntheticScenario.Size size, int seed)
    {
        if (SyntheticScenario.Check(size) is { } problem)
        {
            console.Error.WriteLine($"supplyshock: error: {problem}");
            return ExitCodes.BadInput;
        }
        if (File.Exists(dir))
        {
            console.Error.WriteLine($"supplyshock: error: {dir} is a file; give a folder");
            return ExitCodes.BadInput;
        }
        var path = SyntheticScenario.Write(dir, size, seed);
        console.Out.WriteLine($"Wrote {path}: {size.Suppliers} suppliers, {size.Components} components, {size.SupplyEdges} supply edges, {size.Periods} quarters");
        return ExitCodes.Success;
    }
}
