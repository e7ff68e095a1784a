namespace SupplyShock.Plotting.Tests;

using SupplyShock.Core.Engine;
using SupplyShock.Scenarios;

/// <summary>The readings as data: each sentence carries the numbers of results.json, rounded as the report says.</summary>
public sealed class ReadingTests
{
    [Fact]
    public void Readings_KnownResult_QuoteTheNumbersOfEachPolicy()
    {
        // ChartTests.Known: under ban every trial loses the US chip's 400 and makes 60% of phones (MODEL.md section 8,
        // checks 1 and 5); under relax nothing is lost.
        var readings = Readings.Of(ChartTests.Results()).ToDictionary(x => x.Policy);

        Assert.Equal(["ban", "relax"], readings.Keys);
        var ban = readings["ban"].Sentences;
        Assert.Equal("Under ban, US suppliers lose USD 400 million over the horizon on average (in every trial), 100% of their baseline revenue of USD 400 million.", ban[0]);
        Assert.Contains(ban, s => s == "Averaged over the horizon, output is hit hardest in phones: 60% of baseline (in every trial).");
        Assert.Contains(ban, s => s == "Over time, the median output of phones is lowest at 60% of baseline, from 2019-Q3 on.");
        Assert.Contains(ban, s => s == "The supplier that loses most is us: USD 400 million on average (in every trial).");
        Assert.Contains(ban, s => s == "Non-US substitutes gain USD 240 million in sales (in every trial).");
        Assert.Equal("On the same trials and on average, ban costs US suppliers USD 400 million more than relax (in every trial).", ban[^1]);

        var relax = readings["relax"].Sentences;
        Assert.Equal("Under relax, US suppliers lose no revenue.", relax[0]);
        Assert.Contains(relax, s => s == "Over time, no end use's median output falls below baseline in any period.");
        Assert.Contains(relax, s => s == "No supplier loses revenue.");
        Assert.Equal("On the same trials and on average, relax costs US suppliers USD 400 million less than ban (in every trial).", relax[^1]);
    }

    [Fact]
    public void Readings_Huawei_NameTheFdprHandsetTroughAndItsPeriod()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RepositoryRoot(), "scenarios", "huawei-2019.yaml")).Scenario!;
        var results = SimulationRunner.Run(scenario, RunOptions.From(scenario) with { Trials = 4000, Threads = 2 });
        var readings = Readings.Of(results).ToDictionary(x => x.Policy);

        Assert.Equal(["ban", "partial", "fdpr-2020", "relax"], readings.Keys);
        var fdpr = readings["fdpr-2020"].Paragraph;
        Assert.Contains("the median outputs of Consumer handsets and 5G/4G network gear (carrier) fall to about a tenth of baseline by 2021-Q3", fdpr);
        var handsets = results.Policy("fdpr-2020").OutputByPeriod["handsets"];
        Assert.InRange(handsets[8].P50, 0.09, 0.13); // 2021-Q3: the number behind "about a tenth"
        Assert.Contains($"({ReportNumbers.WholePercent(handsets[8].P50)} in 2021-Q3, {ReportNumbers.WholePercent(handsets[9].P50)} in 2021-Q4)", fdpr);
        Assert.Contains("costs US suppliers", fdpr);
        Assert.All(readings.Values, r => Assert.DoesNotContain("network_5g", r.Paragraph)); // names, never ids
    }

    [Theory]
    [InlineData(14521.76, "14,500")]
    [InlineData(808.1, "808")]
    [InlineData(20.675, "20.7")]
    [InlineData(-3695.2, "-3,700")]
    [InlineData(0, "0")]
    public void Rounded_KeepsThreeSignificantDigits(double x, string expected) => Assert.Equal(expected, ReportNumbers.Rounded(x));

    [Theory]
    [InlineData(0.107, "about a tenth")]
    [InlineData(0.117, "12%")]
    [InlineData(0.49, "about half")]
    [InlineData(0.556, "56%")]
    [InlineData(0.045, "4.5%")]
    public void Share_UsesAWordOnlyWhenAccurate(double share, string expected) => Assert.Equal(expected, ReportNumbers.Share(share));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupplyShock.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("SupplyShock.sln not found");
    }
}
