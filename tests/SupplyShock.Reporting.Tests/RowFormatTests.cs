namespace SupplyShock.Reporting.Tests;

using System.Globalization;

/// <summary>The console's rounding rule (<see cref="RowFormat"/>), on the rows issue 8 quotes.</summary>
public sealed class RowFormatTests
{
    private static string Cells(double[] row, bool signed = false)
    {
        var format = RowFormat.ForMoney(row, signed);
        return string.Join(" | ", row.Select(format.Format));
    }

    [Fact]
    public void ForMoney_RowWhoseLargestIsInTheThousands_HasNoDecimalsAndThousandsSeparators()
    {
        // Issue 8: "748.7 [25.133, 1,493]" showed 25.133, twenty-five thousand in half of Europe.
        Assert.Equal("749 | 25 | 1,493", Cells([748.7, 25.133, 1493]));
        Assert.Equal("1,347 | -12 | 2,738", Cells([1347, -11.548, 2738]));
    }

    [Fact]
    public void ForMoney_SmallValueInALargeRow_IsZeroWithoutSign()
    {
        Assert.Equal("0 | 0 | 2,738", Cells([0.004, -0.004, 2738]));
        Assert.Equal("0 | 0 | +2,738", Cells([0.004, -0.004, 2738], signed: true));
    }

    [Theory]
    [InlineData(1234567.891, 0, "1,234,568")]
    [InlineData(100, 0, "100")]
    [InlineData(99.94, 1, "99.9")]
    [InlineData(10, 1, "10.0")]
    [InlineData(9.876, 2, "9.88")]
    [InlineData(0.0001234, 2, "0.00")]
    public void ForMoney_LargestMagnitude_PicksAtMostTwoDecimals(double largest, int decimals, string shown)
    {
        var format = RowFormat.ForMoney([largest]);
        Assert.Equal(decimals, format.Decimals);
        Assert.Equal(shown, format.Format(largest));
    }

    [Fact]
    public void ForMoney_EveryCellOfTheRow_HasTheSameDecimals()
    {
        Assert.Equal("43.0 | 11.1 | 98.3 | 0.0", Cells([42.98, 11.126, 98.3, 0]));
        Assert.Equal("+22.3 | -8.9 | +69.7", Cells([22.311, -8.913, 69.687], signed: true));
    }

    [Fact]
    public void ForShares_AnyShare_IsAPercentWithOneDecimalAndNoNegativeZero()
    {
        var shares = RowFormat.ForShares();
        var differences = RowFormat.ForShares(signed: true);
        Assert.Equal("84.4%", shares.Format(0.8437));
        Assert.Equal("100.0%", shares.Format(1));
        Assert.Equal("0.0%", differences.Format(-0.0004));
        Assert.Equal("-0.2%", differences.Format(-0.002));
        Assert.Equal("+13.6%", differences.Format(0.1362));
        Assert.Equal("+5.1% [0.0%, +21.6%]", differences.Interval(0.051, 0.0001, 0.216));
    }

    [Fact]
    public void Format_UnderACommaDecimalCulture_StillWritesPointAndCommaSeparators()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("1,347 [-12, 2,738]", RowFormat.ForMoney([1347, -11.548, 2738]).Interval(1347, -11.548, 2738));
            Assert.Equal("12.3 [1.0, 45.7]", RowFormat.ForMoney([45.66]).Interval(12.34, 1, 45.66));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
