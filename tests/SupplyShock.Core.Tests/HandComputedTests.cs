namespace SupplyShock.Core.Tests;

using SupplyShock.Core.Engine;

/// <summary>Cases computed by hand from MODEL.md sections 4 and 5 (quarters; a 400-a-year chip is 100 a quarter).</summary>
public sealed class HandComputedTests
{
    private static RunResults Run(string yaml, int trials = 2_000) => ModelChecksTests.Run(yaml, trials);

    private static double[] ByPeriod(RunResults results, string policy = "ban", string endUse = "phones") =>
        results.Policy(policy).OutputByPeriod[endUse].Select(s => Math.Round(s.Mean, 9)).ToArray();

    [Fact]
    public void Stockpile_DrawnDownOverSeveralPeriods_OnlyWhatIsUsed()
    {
        // Section 5: Q0 = 4.5/12 * 400 = 150. t0: gap 100, P = 100, Q = 50. t1: P = 50, output 0.5, Q = 0. t2, t3: nothing.
        var results = Run(ModelChecksTests.OneChain(component: ", stockpile: 4.5"));

        Assert.Equal([1, 0.5, 0, 0], ByPeriod(results));
        Assert.Equal(0.375, results.Policy("ban").Output["phones"].Mean, 9);
    }

    [Fact]
    public void Stockpile_NotDrawnWhenAnotherInputStopsOutput()
    {
        // Memory (US, no stock) is denied in t0 and t1, so nothing is made and the chip stock (6 months = 200) is not used;
        // memory is allowed from t2, and the chip stock covers t2 and t3 (rho * P leaves the stock, section 5).
        var yaml = """
            supplyshock: 1
            horizon: { periods: 4, period: quarter }
            suppliers:
              - { id: us, country: US }
            components:
              - { id: chip, stockpile: 6 }
              - { id: memory }
            end_uses:
              - { id: phones }
            supply:
              - { supplier: us, component: chip, value: 400 }
              - { supplier: us, component: memory, value: 400 }
            bom:
              - { component: chip, end_use: phones, share: 1 }
              - { component: memory, end_use: phones, share: 1 }
            policies:
              ban: { rules: [ { component: memory, action: allow, from: 2 }, { action: deny } ] }
            """;

        Assert.Equal([0, 0, 1, 1], ByPeriod(Run(yaml)));
    }

    [Fact]
    public void DateBoundedRule_ActiveInPeriodsWhoseFirstDayIsInRange()
    {
        // Section 4: quarters from 2019-07-01; allow until 2019-10-01 covers only 2019-Q3; a mid-quarter date takes effect next quarter.
        var yaml = ModelChecksTests.OneChain(policies: """
              ban: { rules: [ { action: allow, until: 2019-10-01 }, { action: deny } ] }
              late: { rules: [ { action: allow, until: 2019-11-15 }, { action: deny } ] }
            """).Replace("horizon: { periods: 4, period: quarter }", "horizon: { periods: 4, period: quarter, start: 2019-07-01 }");

        var results = Run(yaml);

        Assert.Equal([1, 0, 0, 0], ByPeriod(results));
        Assert.Equal([1, 1, 0, 0], ByPeriod(results, "late"));
    }

    [Fact]
    public void Extends_InheritsLeakageAndReplacesRules()
    {
        // Section 4: child copies leakage 0.5; its own rules replace the parent's. Denied with leakage 0.5: output 0.5,
        // and the US supplier earns leakage_revenue (0.4) of the leaked half: loses 400 - 0.4 * 0.5 * 400 = 320.
        var results = Run(ModelChecksTests.OneChain(policies: """
              ban: { leakage: 0.5, leakage_revenue: 0.4, rules: [ { action: deny } ] }
              open: { extends: ban, rules: [ { action: allow } ] }
              strict: { extends: ban, listed: true }
            """));

        Assert.Equal(0.5, results.Policy("ban").Output["phones"].Mean, 9);
        Assert.Equal(320, results.Policy("ban").Metrics["us_revenue_lost"].Mean, 6);
        Assert.Equal(1, results.Policy("open").Output["phones"].Mean, 9);
        Assert.Equal(0.5, results.Policy("strict").Output["phones"].Mean, 9);
        // Leaked value that reaches the buyer counts as US supply through (section 6), paid or not.
        Assert.Equal(0.5, results.Policy("ban").Metrics["us_supply_through"].Mean, 9);
    }

    [Fact]
    public void PartialCriticality_EffectiveAvailabilityIsOneMinusCriticalTimesShortfall()
    {
        // a = 0.6 (substitution 0.6 at once), critical 0.5: b = 1 - 0.5 * 0.4 = 0.8; the buyer uses 0.8 of what it needs,
        // so rho = 0.8 * R / (0.6 R) capped: U = min(0.8 R, 0.6 R) = 0.6 R, supply through 0.6.
        var yaml = ModelChecksTests.OneChain(component: ", substitution: 0.6").Replace("share: 1 }", "share: 1, critical: 0.5 }");

        var ban = Run(yaml).Policy("ban");

        Assert.Equal(0.8, ban.Output["phones"].Mean, 9);
        Assert.Equal(0.6, ban.Metrics["supply_through"].Mean, 9);
        Assert.Equal(0.6, ban.Availability["chip"]["phones"].Mean, 9);
    }

    [Fact]
    public void Fdpr_ForeignDirectProductCaughtFromItsDate()
    {
        // Section 4: a TW foundry's fdp item is subject from the first quarter starting on or after 2020-01-01 (t2).
        var yaml = ModelChecksTests.OneChain(
                supplier: "{ id: us, country: TW }",
                supplyExtra: ", us_content: 0.1, fdp: true",
                policies: "  ban: { fdpr: 2020-01-01 }")
            .Replace("horizon: { periods: 4, period: quarter }", "horizon: { periods: 4, period: quarter, start: 2019-07-01 }");

        var results = Run(yaml);

        Assert.Equal([1, 1, 0, 0], ByPeriod(results));
        Assert.Equal(200, results.Policy("ban").LostBySupplier["us"].Mean, 9);
        Assert.Equal(0, results.Policy("ban").Metrics["us_revenue_lost"].Mean, 9); // a TW firm: no US revenue at stake
    }

    [Fact]
    public void Licence_OneUniformPerSupplyEdge_GrantedForOneEndUseImpliesEveryLaxerOne()
    {
        // Section 4: one W per supply edge serves every end use. Phones get approval 0.7, ran 0.3 (400 split 240/160):
        // lost is 0 (W < 0.3), 160 (0.3 <= W < 0.7) or 400 (W >= 0.7): mean 184, sd sqrt(24384) = 156.2.
        // With independent draws per end use the sd would be sqrt(17472) = 132.2.
        var yaml = ModelChecksTests.OneChain(policies: """
              ban:
                rules:
                  - { end_use: phones, action: license, approval: 0.7 }
                  - { end_use: ran, action: license, approval: 0.3 }
            """).Replace("  - { id: phones }", "  - { id: phones }\n  - { id: ran }")
            .Replace("  - { component: chip, end_use: phones, share: 1 }", "  - { component: chip, end_use: phones, share: 0.6, critical: 0 }\n  - { component: chip, end_use: ran, share: 0.4, critical: 0 }");

        var lost = Run(yaml, trials: 40_000).Policy("ban").LostBySupplier["us"];

        Assert.True(Math.Abs(lost.Mean - 184) < 4 * lost.Se, $"mean {lost.Mean}");
        Assert.True(Math.Abs(lost.Sd - Math.Sqrt(24384)) < 3, $"sd {lost.Sd}"); // se of an sd here: about 0.55
        Assert.Equal((0.0, 400.0), (lost.P10, lost.P95)); // atoms at the ends of the range are exact
        Assert.True(Math.Abs(lost.P50 - 160) <= 400.0 / MetricAccumulator.Bins, $"p50 {lost.P50}"); // inside: within one bin
    }
}
