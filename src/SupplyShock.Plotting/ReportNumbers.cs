namespace SupplyShock.Plotting;

using System.Globalization;
using SupplyShock.Core.Engine;
using SupplyShock.Reporting;

/// <summary>
/// Every number the report prints goes through here. Table cells follow the console's rule (<see cref="RowFormat"/>:
/// one format per row of one quantity, thousands separators, at most two decimals on money). Sentences round further (<see cref="Rounded"/>, <see cref="WholePercent"/>): a reading quotes no digit the
/// Monte Carlo error or the inputs cannot carry.
/// </summary>
internal static class ReportNumbers
{
    /// <summary>The format of a row of table cells: shares as percentages, money by the row's largest number.</summary>
    public static RowFormat Row(IReadOnlyList<MetricStatistics?> cells, bool percent, bool signed) => percent
        ? RowFormat.ForShares(signed)
        : RowFormat.ForMoney(cells.OfType<MetricStatistics>().SelectMany(s => new[] { s.Mean, s.P5, s.P95 }), signed);

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
