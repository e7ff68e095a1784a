namespace SupplyShock.Scenarios.Tests;

using SupplyShock.Core.Model;

/// <summary><c>--set NAME=VALUE</c>: the value replaces the file's where the file's would be read, with the file's checks.</summary>
public sealed class OverrideTests
{
    private static string Tutorial => Path.Combine(RepositoryPaths.Scenarios, "tutorial.yaml");

    private static PolicyRule Rule(ValidScenario s, string policy, string key) =>
        s.Policies.Single(p => p.Name == policy).Rules.Single(r => r.Key == key);

    [Fact]
    public void Set_RuleApprovalByPlace_ReplacesTheConstant()
    {
        var result = ScenarioLoader.Load(Tutorial, ["policies.partial.rules.case by case.approval=0.18"]);

        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal(new FixedValue(0.18), Rule(result.Scenario!, "partial", "case by case").Approval);
        Assert.Equal(["policies.partial.rules.case by case.approval=0.18"], result.Scenario!.Overrides);
    }

    [Fact]
    public void Set_ComponentInputToADistribution_IsAnInlineInputAtItsPlace()
    {
        var result = ScenarioLoader.Load(Tutorial, ["components.processor.substitution={dist: uniform, min: 0.1, max: 0.3}"]);

        var substitution = result.Scenario!.Components.Single(c => c.Id == "processor").Substitution;
        var inline = Assert.IsType<InlineDistribution>(substitution);
        Assert.Equal("components.processor.substitution", inline.Key);
        Assert.Equal("uniform(min 0.1, max 0.3)", inline.Distribution.Describe());
    }

    [Fact]
    public void Set_NamedParameter_ReplacesItsDistributionEverywhereItIsUsed()
    {
        var result = ScenarioLoader.Load(Tutorial, ["approval=0.5"]);

        Assert.Equal("0.5", result.Scenario!.Parameters.Single(p => p.Name == "approval").Distribution.Describe());
    }

    [Fact]
    public void Set_UnknownName_IsAnErrorAtTheArgumentWithASuggestion()
    {
        var result = ScenarioLoader.Load(Tutorial, ["policies.partial.rules.case-by-case.approval=0.18"]);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == SupplyShock.Core.Diagnostics.Severity.Error).ToString();
        Assert.StartsWith("--set:1:46: error: --set policies.partial.rules.case-by-case.approval: no parameter or uncertain input of that name", error);
        Assert.Contains("did you mean 'policies.partial.rules.case by case.approval'?", error);
    }

    [Theory]
    [InlineData("components.processor.substitution={dist: beta, a: 2}", "--set:1:35: error: --set components.processor.substitution: missing required key 'b'")]
    [InlineData("components.processor.substitution=1.5", "--set:1:35: error: --set components.processor.substitution: 1.5 is out of range; expected [0, 1]")]
    [InlineData("approval", "--set:1:1: error: --set approval: expected NAME=VALUE")]
    [InlineData("approval=1.5", "(from --set approval=1.5)")]
    public void Set_BadValue_GetsTheFilesDiagnosticNamingSet(string set, string expected)
    {
        var result = ScenarioLoader.Load(Tutorial, [set]);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
