namespace SupplyShock.Cli.Tests;

using System.Text.Json;

public sealed class SensitivityCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-sensitivity-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Rank_Tutorial_PrintsTheInputsMostInfluentialFirst_AndWritesCsvJsonAndTornadoes()
    {
        var run = CliRun.Of("sensitivity", CliRun.Scenario("tutorial.yaml"), "--trials", "2000", "--metric", "us_revenue_lost", "--policy", "ban", "--out", dir);

        Assert.Equal(0, run.ExitCode);
        // Under ban the processor is denied from the second quarter: how long its stockpile lasts drives the loss (docs/model.md section 10).
        var firstRow = run.Out.Split('\n').SkipWhile(l => !l.TrimStart().StartsWith("input", StringComparison.Ordinal)).Skip(1).First();
        Assert.StartsWith("processor_stockpile", firstRow.Trim());
        var csv = File.ReadAllLines(Path.Combine(dir, "sensitivity.csv"));
        Assert.StartsWith("method,policy,metric,input,rho", csv[0]);
        // One row per varying input of a run of ban alone: the other policies' inline inputs are not drawn, and
        // paid_leakage (a constant, 0.5) moves nothing, so it is not ranked.
        Assert.Equal(1 + 7, csv.Length);
        Assert.DoesNotContain(csv, l => l.Contains(",paid_leakage,", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "sensitivity.json")));
        Assert.Equal("rank", json.RootElement.GetProperty("method").GetString());
        Assert.True(File.Exists(Path.Combine(dir, "plots", "tornado-ban-us-revenue-lost.png")));
        var page = File.ReadAllText(Path.Combine(dir, "sensitivity.html"));
        Assert.Contains("<h2>ban: us_revenue_lost", page);
        Assert.Equal(1, page.Split("<svg").Length - 1); // the tornado, inline
        Assert.DoesNotContain("<script", page);
        var bytes = File.ReadAllBytes(Path.Combine(dir, "sensitivity.json"));
        using var again = new MemoryStream();
        SupplyShock.Reporting.SensitivityReport.WriteJson(again, "Tutorial", SupplyShock.Reporting.SensitivityReport.Read(bytes));
        Assert.Equal(bytes, again.ToArray()); // Read gives back what was written
    }

    [Fact]
    public void Sobol_Tutorial_NamesTheLicencesAndTheCorrelatedBlockAsGroups()
    {
        var run = CliRun.Of("sensitivity", CliRun.Scenario("tutorial.yaml"), "--method", "sobol", "--trials", "256", "--metric", "us_revenue_lost", "--policy", "partial", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var names = json.RootElement.GetProperty("metrics")[0].GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToArray();
        Assert.Contains("licences", names);
        Assert.Contains("correlated: processor_substitution + memory_substitution", names);
        Assert.Equal(256L * (names.Length + 2), json.RootElement.GetProperty("model_trials").GetInt64());
    }

    [Fact]
    public void Sobol_LicencesPerSupplier_GivesEachSuppliersDrawsAGroup()
    {
        var run = CliRun.Of("sensitivity", CliRun.Scenario("tutorial.yaml"), "--method", "sobol", "--trials", "64", "--metric", "us_revenue_lost", "--policy", "partial", "--licences", "per-supplier", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var names = json.RootElement.GetProperty("metrics")[0].GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToArray();
        Assert.DoesNotContain("licences", names);
        Assert.Contains("licences/us-memory-sg", names); // the 'Singapore memory' rule licenses its edge
        Assert.All(names.Where(n => n.StartsWith("licences", StringComparison.Ordinal)), n => Assert.StartsWith("licences/", n));
    }

    [Theory]
    [InlineData("--metric", "us_revenue_los", "--metric us_revenue_los: not a metric; did you mean 'us_revenue_lost'?")]
    [InlineData("--group", "g=phone_demand,nonesuch", "--group g: no uncertain input 'nonesuch'")]
    [InlineData("--policy", "bann", "--policy bann: no such policy")]
    public void Sensitivity_BadOption_ExitsTwoWithAClearMessage(string option, string value, string expected)
    {
        var run = CliRun.Of("sensitivity", CliRun.Scenario("tutorial.yaml"), "--method", "sobol", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
    }
}
