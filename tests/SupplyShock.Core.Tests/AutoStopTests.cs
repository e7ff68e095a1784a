namespace SupplyShock.Core.Tests;

using SupplyShock.Core.Engine;

/// <summary>The checkpoint schedule and the precision rule of auto-stop (issue 10, docs/model.md section 7).</summary>
public sealed class AutoStopTests
{
    [Fact]
    public void Checkpoints_DoubleFromTwoBlocks_EndAtTheCap()
    {
        Assert.Equal([1024L, 2048, 4096, 5000], AutoStop.Checkpoints(5000));
        Assert.Equal([1024L, 2048, 4096], AutoStop.Checkpoints(4096));
    }

    [Theory]
    [InlineData("0.5%", 0.005, true)]
    [InlineData("10", 10, false)]
    [InlineData(" 2.5 % ", 0.025, true)]
    public void Parse_RelativeOrAbsolute(string text, double value, bool relative)
    {
        var (target, problem) = PrecisionTarget.Parse(text.Replace(" ", ""));

        Assert.Null(problem);
        Assert.Equal(new PrecisionTarget(value, relative), target);
    }

    [Fact]
    public void Met_ZeroMean_PassesOnlyWithNoSpreadUnderARelativeTarget()
    {
        var relative = new PrecisionTarget(0.01, Relative: true);

        Assert.True(relative.Met(new PrecisionReading("foreign_gain", "relax", 0, 0, Money: true)));
        Assert.False(relative.Met(new PrecisionReading("foreign_gain", "relax", 0, 1e-9, Money: true)));
        Assert.True(relative.Met(new PrecisionReading("foreign_gain", "relax", -100, 1, Money: true)));
    }

    [Fact]
    public void Met_Absolute_BoundsMoneyOnly()
    {
        var absolute = new PrecisionTarget(10, Relative: false);

        Assert.True(absolute.Met(new PrecisionReading("us_revenue_lost", "ban", 500, 10, Money: true)));
        Assert.False(absolute.Met(new PrecisionReading("us_revenue_lost", "ban", 500, 10.5, Money: true)));
        Assert.True(absolute.Met(new PrecisionReading("supply_through", "ban", 0.5, 0.4, Money: false)));
    }
}
