namespace SupplyShock.Scenarios.Tests;

public sealed class ShippedScenarioTests
{
    public static TheoryData<string> ShippedScenarios()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Scenarios, "*.yaml", SearchOption.AllDirectories).Order())
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Scenarios, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void Load_ShippedScenario_IsValidWithoutWarnings(string relativePath)
    {
        var result = ScenarioLoader.Load(Path.Combine(RepositoryPaths.Scenarios, relativePath));

        Assert.Empty(result.Diagnostics.Select(d => d.ToString()));
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Load_TutorialAndItsCsvTwin_DescribeTheSameNetwork()
    {
        var yaml = ScenarioLoader.Load(Path.Combine(RepositoryPaths.Scenarios, "tutorial.yaml")).Scenario!;
        var csv = ScenarioLoader.Load(Path.Combine(RepositoryPaths.Scenarios, "tutorial-csv", "tutorial.yaml")).Scenario!;

        Assert.Equal(yaml.Suppliers, csv.Suppliers);
        Assert.Equal(yaml.Supply, csv.Supply);
        Assert.Equal(yaml.Bom, csv.Bom);
        Assert.Equal(yaml.Flows, csv.Flows);
        Assert.Equal(yaml.Components.Select(c => (c.Id, c.Name, string.Join(";", c.Tags), c.Stockpile, c.Substitution, c.Ramp)),
            csv.Components.Select(c => (c.Id, c.Name, string.Join(";", c.Tags), c.Stockpile, c.Substitution, c.Ramp)));
        Assert.Equal(yaml.EndUses.Select(e => (e.Id, e.Name, string.Join(";", e.Tags), e.Demand)),
            csv.EndUses.Select(e => (e.Id, e.Name, string.Join(";", e.Tags), e.Demand)));
        Assert.Equal(yaml.Policies.Count, csv.Policies.Count);
    }
}
