namespace SupplyShock.Cli.Tests;

using System.Globalization;
using System.Text.Json;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("supplyshock-cli-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Validate_Tutorial_ExitsZeroWithCountsAndUsShare()
    {
        var run = CliRun.Of("validate", CliRun.Scenario("tutorial.yaml"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("suppliers     5 (3 US)", run.Out);
        Assert.Contains("flows         10", run.Out);
        Assert.Contains("US share of baseline value  57.1% (800 of 1,400 USD million a year)", run.Out);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Validate_MissingFile_ExitsTwoWithLocatedError()
    {
        var path = Path.Combine(dir, "nope.yaml");

        var run = CliRun.Of("validate", path);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{path}:1:1: error: cannot read the file: no such file", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void Validate_TypoInKey_ExitsTwoWithDidYouMean()
    {
        var yaml = File.ReadAllText(CliRun.Scenario("tutorial.yaml")).Replace("    substitution: $memory_substitution", "    subsitution: $memory_substitution");
        var path = Write("typo.yaml", yaml);
        var line = yaml.Split('\n').ToList().FindIndex(l => l.Contains("subsitution")) + 1;

        var run = CliRun.Of("validate", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{path}:{line}:5: error: components[1].subsitution: unknown key; did you mean 'substitution'?", run.Error);
        Assert.DoesNotContain("   at ", run.Error); // no stack trace
    }

    [Fact]
    public void Validate_FormatJson_WritesSummaryOrDiagnosticsAsJson()
    {
        var good = JsonDocument.Parse(CliRun.Of("validate", CliRun.Scenario("tutorial.yaml"), "--format", "json").Out).RootElement;
        Assert.True(good.GetProperty("valid").GetBoolean());
        Assert.Equal(5, good.GetProperty("counts").GetProperty("suppliers").GetInt32());
        Assert.Equal(800.0 / 1400.0, good.GetProperty("us_share_of_baseline").GetDouble(), 12);

        var badRun = CliRun.Of("validate", Write("bad.yaml", "supplyshock: 2\n"), "--format", "json");
        var bad = JsonDocument.Parse(badRun.Out).RootElement;
        Assert.Equal(2, badRun.ExitCode);
        Assert.False(bad.GetProperty("valid").GetBoolean());
        var first = bad.GetProperty("diagnostics")[0];
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal(1, first.GetProperty("line").GetInt32());
    }

    [Fact]
    public void Validate_UnderGermanCulture_PrintsInvariantNumbers()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var run = CliRun.Of("validate", CliRun.Scenario("tutorial.yaml"));
            Assert.Contains("57.1% (800 of 1,400", run.Out);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("validate")]
    [InlineData("validate", "a.yaml", "--format", "xml")]
    public void BadUsage_ExitsTwo(params string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error", run.Error);
    }
}
