namespace SupplyShock.Core.Tests;

using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;

/// <summary>
/// MODEL.md section 8: the checks any implementation must pass, each as its own test. Exact checks hold to 1e-9;
/// random ones within 4 Monte Carlo standard errors.
/// </summary>
public sealed class ModelChecksTests
{
    private const double Exact = 1e-9;

    internal static RunResults Run(string yaml, int trials = 2_000, long seed = 7, int threads = 2)
    {
        var scenario = Scenarios.Valid(yaml);
        return SimulationRunner.Run(scenario, new RunOptions(trials, seed, scenario.Simulation.Sampler, threads));
    }

    /// <summary>One US supplier 'us' of component 'chip' (value 400 a year) into end use 'phones', over four quarters.</summary>
    internal static string OneChain(string component = "", string policies = "  ban: { rules: [ { action: deny } ] }", string supplier = "{ id: us, country: US }", string supplyExtra = "") => $$"""
        supplyshock: 1
        horizon: { periods: 4, period: quarter }
        suppliers:
          - {{supplier}}
        components:
          - { id: chip{{component}} }
        end_uses:
          - { id: phones }
        supply:
          - { supplier: us, component: chip, value: 400{{supplyExtra}} }
        bom:
          - { component: chip, end_use: phones, share: 1 }
        policies:
        {{policies}}
        """;

    private static void AssertClose(double expected, double actual, double tolerance = Exact) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected}, got {actual} (tolerance {tolerance})");

    [Fact]
    public void Check1_NotListedNoDecouplingFullDemand_NothingLostEveryOutputOne()
    {
        var results = Run(OneChain(policies: "  relax: { listed: false }"));
        var relax = results.Policy("relax");

        AssertClose(0, relax.Metrics["us_revenue_lost"].Mean);
        AssertClose(0, relax.Metrics["us_revenue_lost"].P99);
        AssertClose(1, relax.Output["phones"].Mean);
        AssertClose(1, relax.Output["phones"].P1);
        AssertClose(1, relax.Metrics["supply_through"].Mean);
    }

    [Fact]
    public void Check2_DenyWithNothingToFillTheGap_LosesTheValueAndOutputIsZero()
    {
        var ban = Run(OneChain()).Policy("ban");

        AssertClose(400, ban.Metrics["us_revenue_lost"].Mean); // a year over four quarters: the annual value
        AssertClose(400, ban.Metrics["us_revenue_baseline"].Mean);
        AssertClose(1, ban.Metrics["us_revenue_lost_share"].Mean);
        AssertClose(0, ban.Output["phones"].Mean);
        AssertClose(0, ban.Metrics["supply_through"].Mean);
    }

    [Fact]
    public void Check3_LicenceAtConstantApproval_LosesOneMinusPOfValueOnAverage()
    {
        const double p = 0.3;
        var ban = Run(OneChain(policies: $"  ban: {{ rules: [ {{ action: license, approval: {p} }} ] }}"), trials: 20_000).Policy("ban");
        var lost = ban.Metrics["us_revenue_lost"];
        var output = ban.Output["phones"];

        Assert.True(Math.Abs(lost.Mean - ((1 - p) * 400)) < 4 * lost.Se, $"mean lost {lost.Mean}, se {lost.Se}");
        Assert.True(Math.Abs(output.Mean - p) < 4 * output.Se, $"mean output {output.Mean}, se {output.Se}");
        // One W per supply edge per trial: the licence is all or nothing for the whole horizon.
        AssertClose(0, ban.Metrics["us_revenue_lost"].P1);
        AssertClose(400, ban.Metrics["us_revenue_lost"].P99);
    }

    [Fact]
    public void Check4_StockpileOfSixMonths_CoversTwoQuarters()
    {
        var ban = Run(OneChain(component: ", stockpile: 6")).Policy("ban");

        Assert.Equal([1.0, 1.0, 0.0, 0.0], ban.OutputByPeriod["phones"].Select(s => Math.Round(s.Mean, 9)));
    }

    [Fact]
    public void Check5_SubstitutionAtOnce_OutputSixTenthsUsLossStaysForeignGainsSixTenths()
    {
        var ban = Run(OneChain(component: ", substitution: 0.6, ramp: 0")).Policy("ban");

        Assert.All(ban.OutputByPeriod["phones"], s => AssertClose(0.6, s.Mean));
        AssertClose(400, ban.Metrics["us_revenue_lost"].Mean);
        AssertClose(0.6 * 400, ban.Metrics["foreign_gain"].Mean);
    }

    [Theory]
    [InlineData(0.3, false, "ban: {}", true)]
    [InlineData(0.25, false, "ban: {}", false)]
    [InlineData(0.2, false, "ban: {}", false)]
    [InlineData(0.0, true, "ban: {}", false)]
    [InlineData(0.0, true, "ban: { fdpr: true }", true)]
    public void Check6_ForeignSupplierSubjectThroughDeMinimisOrFdpr(double usContent, bool fdp, string policy, bool denied)
    {
        var yaml = OneChain(
            supplier: "{ id: us, country: TW }",
            supplyExtra: $", us_content: {usContent}, fdp: {(fdp ? "true" : "false")}",
            policies: "  " + policy);

        var ban = Run(yaml).Policy("ban");

        AssertClose(denied ? 0 : 1, ban.Output["phones"].Mean);
        AssertClose(denied ? 400 : 0, ban.LostBySupplier["us"].Mean);
    }

    [Fact]
    public void Check7_KnockOn_OutputHalfAndTheUnaffectedSupplierLosesHalf()
    {
        var yaml = """
            supplyshock: 1
            horizon: { periods: 4, period: quarter }
            suppliers:
              - { id: us, country: US }
              - { id: kr, country: KR }
            components:
              - { id: chip, substitution: 0.5 }
              - { id: memory }
            end_uses:
              - { id: phones }
            supply:
              - { supplier: us, component: chip, value: 400 }
              - { supplier: kr, component: memory, value: 200 }
            bom:
              - { component: chip, end_use: phones, share: 1, critical: 1 }
              - { component: memory, end_use: phones, share: 1, critical: 1 }
            policies:
              ban: { rules: [ { action: deny } ] }
            """;

        var ban = Run(yaml).Policy("ban");

        AssertClose(0.5, ban.Output["phones"].Mean);
        AssertClose(100, ban.LostBySupplier["kr"].Mean); // half of 200: the buyer draws memory only for what it can make
        AssertClose(400, ban.LostBySupplier["us"].Mean);
    }

    [Fact]
    public void Check8_DecouplingWithoutListing_LosesTwoTenthsOfUsBaseline()
    {
        var relax = Run(OneChain(component: ", substitution: 1", policies: "  relax: { listed: false, decoupling: 0.2 }")).Policy("relax");

        AssertClose(0.2 * 400, relax.Metrics["us_revenue_lost"].Mean);
        AssertClose(1, relax.Output["phones"].Mean);
        AssertClose(0.2 * 400, relax.Metrics["foreign_gain"].Mean);
    }

    [Fact]
    public void Check9_PartialCriticality_DeniedInputWithNothingToFillIt_OutputHalf()
    {
        var yaml = OneChain().Replace("share: 1 }", "share: 1, critical: 0.5 }");

        AssertClose(0.5, Run(yaml).Policy("ban").Output["phones"].Mean);
    }

    [Fact]
    public void Check10_DenyFromPeriodTwoWithRamp_SubstitutesRampFromWhenTheGapOpens()
    {
        var yaml = OneChain(component: ", substitution: 1, ramp: 6", policies: "  ban: { rules: [ { action: allow, until: 2 }, { action: deny } ] }");

        var periods = Run(yaml).Policy("ban").OutputByPeriod["phones"].Select(s => Math.Round(s.Mean, 9));

        Assert.Equal([1.0, 1.0, 0.5, 1.0], periods);
    }

    [Fact]
    public void Check11_UsFirmsItemMadeAbroad_StillDeliveredAndCountedInUsBaseline()
    {
        var ban = Run(OneChain(supplyExtra: ", origin: MY, us_content: 0.1")).Policy("ban");

        AssertClose(400, ban.Metrics["us_revenue_baseline"].Mean);
        AssertClose(0, ban.Metrics["us_revenue_lost"].Mean);
        AssertClose(1, ban.Output["phones"].Mean);
    }
}
