namespace SupplyShock.Core.Tests;

using SupplyShock.Core.Model;
using SupplyShock.Core.Validation;

public sealed class PrimitivesTests
{
    [Theory]
    [InlineData("contry", "country")]
    [InlineData("subsitution", "substitution")]
    [InlineData("Country", "country")]
    [InlineData("xyzzy", null)]
    public void Closest_Typo_SuggestsTheKnownKey(string typo, string? expected)
    {
        string[] keys = ["id", "name", "country", "us", "substitution", "stockpile"];

        Assert.Equal(expected, Suggestions.Closest(typo, keys));
    }

    [Theory]
    [InlineData("1e3", ScalarText.NumberKind.Finite, 1000)]
    [InlineData("-0.25", ScalarText.NumberKind.Finite, -0.25)]
    [InlineData(".5", ScalarText.NumberKind.Finite, 0.5)]
    [InlineData("0x1F", ScalarText.NumberKind.Finite, 31)]
    [InlineData("0o17", ScalarText.NumberKind.Finite, 15)]
    [InlineData(".nan", ScalarText.NumberKind.NonFinite, 0)]
    [InlineData("-.inf", ScalarText.NumberKind.NonFinite, 0)]
    [InlineData("NaN", ScalarText.NumberKind.NonFinite, 0)]
    [InlineData("1e999", ScalarText.NumberKind.NonFinite, 0)]
    [InlineData("1,5", ScalarText.NumberKind.NotANumber, 0)]
    [InlineData("NO", ScalarText.NumberKind.NotANumber, 0)]
    public void ParseNumber_CoreSchemaScalars(string text, ScalarText.NumberKind kind, double value)
    {
        Assert.Equal(kind, ScalarText.ParseNumber(text, out var parsed));
        if (kind == ScalarText.NumberKind.Finite)
        {
            Assert.Equal(value, parsed);
        }
    }

    [Fact]
    public void ParseBool_OnlyCoreSchemaBooleans_SoNoIsNorway()
    {
        Assert.True(ScalarText.ParseBool("true"));
        Assert.False(ScalarText.ParseBool("false"));
        Assert.Null(ScalarText.ParseBool("NO"));
        Assert.Null(ScalarText.ParseBool("yes"));
    }

    [Fact]
    public void Cholesky_KnownMatrix_GivesItsFactor_AndRejectsNonPositiveDefinite()
    {
        var l = CorrelationMatrix.Cholesky(new double[,] { { 1, 0.6 }, { 0.6, 1 } })!;
        Assert.Equal(0.6, l[1, 0], 12);
        Assert.Equal(0.8, l[1, 1], 12);

        // Pairwise 0.9, 0.9 and -0.9 cannot hold together: the matrix has a negative eigenvalue.
        Correlation[] impossible = [new("a", "b", 0.9), new("a", "c", 0.9), new("b", "c", -0.9)];
        Assert.False(CorrelationMatrix.IsPositiveDefinite(["a", "b", "c"], impossible));
        Assert.False(CorrelationMatrix.IsPositiveDefinite(["a", "b"], [new("a", "b", 1)]));
        Assert.True(CorrelationMatrix.IsPositiveDefinite(["x", "a", "b"], [new("a", "b", -0.5)]));
    }

    [Theory]
    [InlineData("2019-07-01", 0)]
    [InlineData("2019-08-19", 1)]
    [InlineData("2019-10-01", 1)]
    [InlineData("2020-06-30", 4)]
    [InlineData("2018-01-01", 0)]
    public void FirstPeriodOnOrAfter_QuarterlyFromJuly2019(string date, int expected)
    {
        var horizon = new Horizon(4, PeriodKind.Quarter, new DateOnly(2019, 7, 1));

        Assert.Equal(expected, horizon.FirstPeriodOnOrAfter(DateOnly.Parse(date)));
    }

    [Fact]
    public void Label_DatedAndUndatedPeriods()
    {
        Assert.Equal("2019-Q3", new Horizon(4, PeriodKind.Quarter, new DateOnly(2019, 7, 1)).Label(0));
        Assert.Equal("2020-Q2", new Horizon(4, PeriodKind.Quarter, new DateOnly(2019, 7, 1)).Label(3));
        Assert.Equal("2019-09", new Horizon(4, PeriodKind.Month, new DateOnly(2019, 7, 1)).Label(2));
        Assert.Equal("t2", new Horizon(4, PeriodKind.Year, null).Label(2));
    }
}
