namespace SupplyShock.Cli.Tests;

using System.Text.Json;

public sealed class ExplainCommandTests
{
    [Fact]
    public void Explain_Tutorial_ShowsWhyEachFlowIsSubjectAndWhichRuleDecides()
    {
        var run = CliRun.Of("explain", CliRun.Scenario("tutorial.yaml"), "--policy", "partial");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("policy partial (extends ban)", run.Out);
        Assert.DoesNotContain("policy relax", run.Out);
        // A US-made processor for phones: the temporary licence in 2019-Q3, then the licence rules.
        Assert.Contains("us-chips / processor -> phones", run.Out);
        Assert.Contains("2019-Q3            subject (US origin); rule 'temporary general licence': allow", run.Out);
        // A US firm's radio chip made in Malaysia below de minimis is never subject (MODEL.md section 4).
        Assert.Contains("us-radio / radio -> phones, network", run.Out);
        Assert.Contains("all periods        not subject (US content 0.1 <= de minimis 0.25): delivered", run.Out);
    }

    [Fact]
    public void Explain_FormatJson_GivesADecisionPerFlowAndPeriod()
    {
        var run = CliRun.Of("explain", CliRun.Scenario("tutorial.yaml"), "--format", "json");
        var root = JsonDocument.Parse(run.Out).RootElement;

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(4, root.GetProperty("periods").GetArrayLength());
        var ban = root.GetProperty("policies")[0];
        Assert.Equal("ban", ban.GetProperty("name").GetString());
        Assert.Equal(10, ban.GetProperty("flows").GetArrayLength());
        Assert.All(ban.GetProperty("flows").EnumerateArray(), f => Assert.Equal(4, f.GetProperty("periods").GetArrayLength()));
    }

    [Fact]
    public void Explain_UnknownPolicy_ExitsTwoWithSuggestion()
    {
        var run = CliRun.Of("explain", CliRun.Scenario("tutorial.yaml"), "--policy", "parital");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("did you mean 'partial'?", run.Error);
    }
}
