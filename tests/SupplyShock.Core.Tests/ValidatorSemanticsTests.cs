namespace SupplyShock.Core.Tests;

using SupplyShock.Core.Model;

public sealed class ValidatorSemanticsTests
{
    private const string Policies = """
          ban:
            leakage: { dist: uniform, min: 0, max: 0.1 }
            de_minimis: 0.1
            rules:
              - { end_use: phones, action: license, approval: { dist: beta, a: 2, b: 2 } }
              - { name: rest, action: license, approval: 0.3 }
          partial:
            extends: ban
            decoupling: 0.2
            rules:
              - { name: only, action: allow }
          strict:
            extends: partial
            listed: true
        """;

    private static ValidScenario Scenario() => Scenarios.Valid(Scenarios.OneComponent(
        "  - { id: a, country: US }", "  - { supplier: a, component: chip, value: 100 }", Policies));

    [Fact]
    public void Extends_CopiesParentKeys_ReplacesGivenKeys_AndRulesWhole()
    {
        // MODEL.md section 4: extends copies another policy; keys given replace its keys; rules are replaced whole.
        var s = Scenario();
        var (ban, partial, strict) = (s.Policies[0], s.Policies[1], s.Policies[2]);

        Assert.Equal(0.1, partial.DeMinimis);
        Assert.Equal(0.1, strict.DeMinimis);
        Assert.Equal(new FixedValue(0.2), strict.Decoupling);
        Assert.Equal(["only"], partial.Rules.Select(r => r.Key));
        Assert.Equal(2, ban.Rules.Count);
        Assert.Equal("partial", strict.Extends);
    }

    [Fact]
    public void InlineDistribution_InheritedThroughExtends_KeepsItsPlaceAsKey()
    {
        // MODEL.md sections 3 and 7: an inline distribution inherited through extends is the same draw in both policies.
        var s = Scenario();

        var keys = s.Policies.Select(p => ((InlineDistribution)p.Leakage).Key).Distinct();
        Assert.Equal(["policies.ban.leakage"], keys);
    }

    [Fact]
    public void Rule_KeyedByNameOrPosition_ForItsInlineApproval()
    {
        // MODEL.md sections 4 and 7: an unnamed rule is keyed by its 0-based position.
        var ban = Scenario().Policies[0];

        Assert.Equal(["#0", "rest"], ban.Rules.Select(r => r.Key));
        Assert.Equal("policies.ban.rules.#0.approval", ((InlineDistribution)ban.Rules[0].Approval!).Key);
    }

    [Fact]
    public void Defaults_AreThoseOfModelSections1And3()
    {
        var s = Scenarios.Valid(Scenarios.OneComponent(
            "  - { id: a, country: KR }", "  - { supplier: a, component: chip, value: 100 }", "  ban: {}", horizon: "{ periods: 1 }"));
        var policy = s.Policies[0];

        Assert.Equal((true, 0.25, false), (policy.Listed, policy.DeMinimis, policy.Fdpr.Enabled));
        Assert.Equal(new FixedValue(0), policy.Leakage);
        Assert.Equal(new FixedValue(1), s.EndUses[0].Demand);
        Assert.Equal((0.0, "KR", false), (s.Supply[0].UsContent, s.Supply[0].Origin, s.Suppliers[0].Us));
        Assert.All(s.Bom, b => Assert.Equal(1.0, b.Critical));
        Assert.Equal(new Horizon(1, PeriodKind.Year, null), s.Horizon);
        Assert.Equal(new Simulation(ModelDefaults.Trials, ModelDefaults.Seed, Sampler.MonteCarlo), s.Simulation);
    }

    [Fact]
    public void Critical_TrueAndFalse_AreOneAndZero()
    {
        var yaml = Scenarios.OneComponent("  - { id: a, country: US }", "  - { supplier: a, component: chip, value: 1 }", "  ban: {}")
            .Replace("share: 0.6 }", "share: 0.6, critical: false }").Replace("share: 0.4 }", "share: 0.4, critical: true }");

        Assert.Equal([0.0, 1.0], Scenarios.Valid(yaml).Bom.Select(b => b.Critical));
    }
}

public sealed class ValidatorEdgeCaseTests
{
    [Fact]
    public void Seed_AboveTwoToThe53_IsReadExactly()
    {
        var yaml = Scenarios.OneComponent("  - { id: a, country: US }", "  - { supplier: a, component: chip, value: 1 }", "  ban: {}")
            + "\nsimulation: { seed: 9007199254740993 }\n";

        Assert.Equal(9007199254740993L, Scenarios.Valid(yaml).Simulation.Seed);
    }

    [Fact]
    public void QuotedDates_AreDatesInRulesAndFdprAsInTheHorizon()
    {
        var s = Scenarios.Valid(Scenarios.OneComponent(
            "  - { id: a, country: TW }",
            "  - { supplier: a, component: chip, value: 1, fdp: true }",
            "  ban: { fdpr: \"2019-10-01\", rules: [ { action: allow, from: \"2020-01-01\" } ] }"));

        Assert.Equal(1, s.Policies[0].Fdpr.FirstPeriod);
        Assert.Equal(2, s.Policies[0].Rules[0].From);
    }
}
