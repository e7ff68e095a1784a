namespace SupplyShock.Core.Tests;

using SupplyShock.Core.Model;
using SupplyShock.Scenarios;

/// <summary>Small scenarios written inline, the way a reader of MODEL.md would write them by hand.</summary>
internal static class Scenarios
{
    public static ValidScenario Valid(string yaml)
    {
        var result = ScenarioLoader.LoadText(yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Scenario!;
    }

    /// <summary>One buyer, the given suppliers/supply lines, one component 'chip' going wholly into end use 'phones'.</summary>
    public static string OneComponent(string suppliers, string supply, string policies, string horizon = "{ periods: 4, period: quarter, start: 2019-07-01 }") => $"""
        supplyshock: 1
        horizon: {horizon}
        suppliers:
        {suppliers}
        components:
          - {"{"} id: chip, tags: [logic] {"}"}
        end_uses:
          - {"{"} id: phones, tags: [consumer] {"}"}
          - {"{"} id: ran, tags: [5g] {"}"}
        supply:
        {supply}
        bom:
          - {"{"} component: chip, end_use: phones, share: 0.6 {"}"}
          - {"{"} component: chip, end_use: ran, share: 0.4 {"}"}
        policies:
        {policies}
        """;
}
