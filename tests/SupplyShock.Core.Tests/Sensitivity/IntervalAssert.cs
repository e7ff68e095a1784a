namespace SupplyShock.Core.Tests.Sensitivity;

using SupplyShock.Core.Sensitivity;
using Xunit.Abstractions;

/// <summary>The check every Sobol verification makes of an estimate against its closed form.</summary>
internal static class IntervalAssert
{
    /// <summary>
    /// The closed form lies inside the 95% bootstrap interval (as the issue asks, for the fixed seed), the interval is
    /// narrower than 0.1, and, for any seed, the estimate is within 4 bootstrap standard errors (width / 3.92) of it.
    /// </summary>
    public static void Covers(ITestOutputHelper output, string name, double expected, double estimate, ConfidenceInterval interval)
    {
        output.WriteLine($"{name}: {estimate:F4} [{interval.Lower:F4}, {interval.Upper:F4}], closed form {expected:F4}");
        Assert.True(interval.Contains(expected), $"{name}: {expected:F4} outside [{interval.Lower:F4}, {interval.Upper:F4}]");
        Assert.True(interval.Contains(estimate), $"{name}: the estimate {estimate:F4} is outside its own interval");
        Assert.InRange(interval.Width, 0, 0.1);
        var se = interval.Width / (2 * ConfidenceInterval.Z95);
        Assert.InRange(estimate, expected - (4 * se), expected + (4 * se));
    }
}
