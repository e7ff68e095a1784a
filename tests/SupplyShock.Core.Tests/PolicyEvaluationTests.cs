namespace SupplyShock.Core.Tests;

using SupplyShock.Core.Model;

public sealed class PolicyEvaluationTests
{
    private static ValidScenario ForeignSupplier(string supplyExtras, string policy) => Scenarios.Valid(Scenarios.OneComponent(
        "  - { id: tsmc, country: TW }",
        $"  - {{ supplier: tsmc, component: chip, value: 100{supplyExtras} }}",
        policy));

    private static SubjectReason Reason(ValidScenario s, int period = 0) =>
        PolicyEvaluation.Subject(s.Policies[0], s.Supply[0], period);

    [Theory]
    [InlineData("0.3", SubjectReason.DeMinimis)]
    [InlineData("0.25", SubjectReason.NotSubject)]
    [InlineData("0.2", SubjectReason.NotSubject)]
    public void Subject_ForeignUsContentAgainstDeMinimis_MatchesModelSection8Check6(string usContent, SubjectReason expected)
    {
        // MODEL.md section 8, check 6: subject at us_content 0.3 with de_minimis 0.25, not at 0.25 or 0.2 (the test is strict).
        var s = ForeignSupplier($", us_content: {usContent}", "  ban: { de_minimis: 0.25 }");

        Assert.Equal(expected, Reason(s));
    }

    [Theory]
    [InlineData("false", SubjectReason.NotSubject)]
    [InlineData("true", SubjectReason.Fdpr)]
    public void Subject_FdpItem_IsSubjectOnlyUnderFdpr_ModelSection8Check6(string fdpr, SubjectReason expected)
    {
        var s = ForeignSupplier(", fdp: true", $"  ban: {{ fdpr: {fdpr} }}");

        Assert.Equal(expected, Reason(s));
    }

    [Fact]
    public void Subject_UsFirmsItemMadeAbroadBelowDeMinimis_IsNotSubject_ModelSection8Check11()
    {
        // MODEL.md section 8, check 11: export rules follow the item, not the seller.
        var s = Scenarios.Valid(Scenarios.OneComponent(
            "  - { id: ti, country: US }",
            "  - { supplier: ti, component: chip, value: 100, origin: MY, us_content: 0.1 }",
            "  ban: { rules: [ { action: deny } ] }"));

        Assert.True(s.Suppliers[0].Us);
        Assert.Equal(SubjectReason.NotSubject, Reason(s));
    }

    [Fact]
    public void Subject_UsOriginWhateverTheSupplier_IsSubject_AndNotListedIsNever()
    {
        var s = Scenarios.Valid(Scenarios.OneComponent(
            "  - { id: foreign, country: DE }",
            "  - { supplier: foreign, component: chip, value: 100, origin: US }",
            "  ban: {}\n  relax: { listed: false }"));

        Assert.Equal(1.0, s.Supply[0].UsContent); // MODEL.md section 1: default 1 when origin is US
        Assert.Equal(SubjectReason.UsOrigin, PolicyEvaluation.Subject(s.Policies[0], s.Supply[0], 0));
        Assert.Equal(SubjectReason.NotListed, PolicyEvaluation.Subject(s.Policies[1], s.Supply[0], 0));
    }

    [Fact]
    public void Subject_FdprFromDate_InForceFromTheFirstPeriodStartingOnOrAfterIt()
    {
        // MODEL.md section 4: quarters from 2019-07-01; 2019-09-15 is mid-period, so the FDPR applies from 2019-10-01 (period 1).
        var s = ForeignSupplier(", fdp: true", "  ban: { fdpr: 2019-09-15 }");

        Assert.Equal(SubjectReason.NotSubject, Reason(s, 0));
        Assert.Equal(SubjectReason.Fdpr, Reason(s, 1));
        Assert.Equal(SubjectReason.Fdpr, Reason(s, 3));
    }

    [Fact]
    public void DecidingRule_FirstActiveMatchWins_NoMatchDenies()
    {
        // MODEL.md section 4: rules in order, first match decides; a dated rule is active in periods whose first day is in [from, until).
        var s = Scenarios.Valid(Scenarios.OneComponent(
            "  - { id: xilinx, country: US }",
            "  - { supplier: xilinx, component: chip, value: 100 }",
            """
              ban:
                rules:
                  - { name: tgl, end_use: phones, action: allow, until: 2019-08-19 }
                  - { name: no 5g, end_use_tags: 5g, action: deny }
                  - { name: logic, component_tags: [memory, logic], action: license, approval: 0.5, from: 2 }
            """));
        var policy = s.Policies[0];
        var phones = s.Flows.Single(f => s.EndUses[f.EndUse].Id == "phones");
        var ran = s.Flows.Single(f => s.EndUses[f.EndUse].Id == "ran");

        // 2019-08-19 falls in period 0, so the licence covers periods whose first day is before it: period 0 only.
        Assert.Equal([0, -1, 2, 2], Enumerable.Range(0, 4).Select(t => PolicyEvaluation.DecidingRule(s, policy, phones, t)));
        Assert.Equal([1, 1, 1, 1], Enumerable.Range(0, 4).Select(t => PolicyEvaluation.DecidingRule(s, policy, ran, t)));
    }

    [Fact]
    public void Flows_ValueTimesShare_ForEverySupplyAndBomEdge()
    {
        // MODEL.md section 1: v_f = value(s,c) * share(c,e).
        var s = Scenarios.Valid(Scenarios.OneComponent(
            "  - { id: a, country: US }\n  - { id: b, country: KR }",
            "  - { supplier: a, component: chip, value: 100 }\n  - { supplier: b, component: chip, value: 50 }",
            "  ban: {}"));

        Assert.Equal([60.0, 40.0, 30.0, 20.0], s.Flows.Select(f => f.AnnualValue));
        Assert.Equal(100.0 / 150.0, s.UsShareOfBaseline, 12);
    }
}
