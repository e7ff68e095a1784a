namespace SupplyShock.Plotting;

using System.Globalization;
using SupplyShock.Core.Engine;

/// <summary>
/// Every number the report prints goes through here. Table cells use the charts' formats until Reporting's shared
/// console formatter lands; switching to it is a change to <see cref="Money"/> and <see cref="Percent"/> alone.
/// Sentences round further (<see cref="Rounded"/>, <see cref="WholePercent"/>): a reading quotes no digit the
/// Monte Carlo error or the inputs cannot carry.
/// </summary>
internal static class ReportNumbers
{
    /// <summary>A money value in a table cell.</summary>
    public static string Money(double x) => Charts.Money(x);

    /// <summary>A share in a table cell; <paramref name="signed"/> puts "+" on a positive difference, as the console does.</summary>
    public static string Percent(double share, bool signed = false) => (signed && share > 0 ? "+" : "") + Charts.Percent(share);

    /// <summary>"mean [5th, 95th percentile]", each end in the same format.</summary>
    public static string Interval(MetricStatistics s, Func<double, string> format) => $"{format(s.Mean)} [{format(s.P5)}, {format(s.P95)}]";

    /// <summary>A money value in a sentence: three significant digits, thousands separators ("14,500", "808", "20.7").</summary>
    public static string Rounded(double x)
    {
        if (Math.Abs(x) < 1e-9)
        {
            return "0";
        }
        var scale = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(x))) - 2);
        var rounded = Math.Round(x / scale) * scale;
        return Math.Abs(rounded) >= 100
            ? rounded.ToString("#,0", CultureInfo.InvariantCulture)
            : rounded.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>A share in a sentence: whole percent from 10% up ("56%"), one decimal below ("4.5%").</summary>
    public static string WholePercent(double share) => Math.Abs(share) >= 0.095
        ? (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%"
        : (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static readonly (double Value, string Word)[] Fractions =
    [
        (0.1, "a tenth"), (0.2, "a fifth"), (0.25, "a quarter"), (1.0 / 3, "a third"), (0.5, "half"), (2.0 / 3, "two-thirds"), (0.75, "three-quarters"),
    ];

    /// <summary>"about a tenth" when the share is within a tenth of that fraction (and 2.5 points), else the whole percent.</summary>
    public static string Share(double share)
    {
        foreach (var (value, word) in Fractions)
        {
            if (Math.Abs(share - value) <= Math.Min(0.1 * value, 0.025))
            {
                return $"about {word}";
            }
        }
        return WholePercent(share);
    }
}
