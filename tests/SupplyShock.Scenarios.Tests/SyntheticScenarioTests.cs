namespace SupplyShock.Scenarios.Tests;

using SupplyShock.Core.Engine;

public sealed class SyntheticScenarioTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-synthetic-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Write_AnySize_IsAValidScenarioThatRuns()
    {
        var size = new SyntheticScenario.Size(Suppliers: 40, Components: 12, SupplyEdges: 60, Periods: 6);

        var result = ScenarioLoader.Load(SyntheticScenario.Write(dir, size, seed: 3));

        Assert.Empty(result.Diagnostics.Select(d => d.ToString()));
        var scenario = result.Scenario!;
        Assert.Equal((40, 12, 60, 120), (scenario.Suppliers.Count, scenario.Components.Count, scenario.Supply.Count, scenario.Flows.Count));
        var run = SimulationRunner.Run(scenario, RunOptions.From(scenario) with { Trials = 300, Threads = 2 });
        Assert.Equal(["ban", "partial", "fdpr", "relax"], run.Policies.Select(p => p.Name));
        Assert.All(run.Policies, p => Assert.InRange(p.Metrics["supply_through"].Mean, 0, 1));
    }

    [Fact]
    public void Write_SameSizeAndSeed_WritesTheSameFiles()
    {
        var size = new SyntheticScenario.Size(20, 5, 30);
        var first = SyntheticScenario.Write(Path.Combine(dir, "a"), size, seed: 9);
        var second = SyntheticScenario.Write(Path.Combine(dir, "b"), size, seed: 9);

        Assert.Equal(ScenarioLoader.Load(first).Scenario!.Sha256, ScenarioLoader.Load(second).Scenario!.Sha256);
    }
}
