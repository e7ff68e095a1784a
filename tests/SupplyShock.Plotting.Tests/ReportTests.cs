namespace SupplyShock.Plotting.Tests;

/// <summary>What report.html and report.md say beside the charts: readings, the paired differences, the sources.</summary>
public sealed class ReportTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-report-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Report_KnownResult_HasAReadingPerPolicyAndThePairedDifferencesTable()
    {
        Report.Write(dir, ChartTests.Results(), scenario: null);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        var markdown = File.ReadAllText(Path.Combine(dir, "report.md"));

        foreach (var text in new[] { html, markdown })
        {
            Assert.Contains("Under ban, US suppliers lose USD 400 million", text);
            Assert.Contains("Under relax, US suppliers lose no revenue.", text);
            Assert.Contains("Paired differences", text);
        }
        // ban - relax: 400 lost in every trial against none; 60% of the chip's supply is replaced (MODEL.md section 8, check 5).
        Assert.Contains("<tr><th>ban - relax</th><td>400 [400, 400]</td>", html);
        Assert.Contains("| ban - relax | 400 [400, 400] |", markdown);
        Assert.Contains("<th>Lost US revenue (USD million)</th><th>Supply through</th><th>US supply through</th><th>Foreign gain (USD million)</th>", html);
    }
}
