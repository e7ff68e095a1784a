namespace SupplyShock.Reporting;

using System.Globalization;

/// <summary>
/// The one rounding rule for numbers a reader compares on the console (and, later, in the report). A row is the
/// numbers of one quantity that sit side by side: a metric across policies, with each cell's mean and interval.
/// <list type="bullet">
/// <item>Money: every number of the row gets the same decimals, picked from the row's largest magnitude: none from
/// 100 up, one from 10, two below 10, never more. So the largest number keeps at least three significant digits
/// and a small one in a large row rounds to 0 (0.004 beside 2,738 is "0").</item>
/// <item>Shares (outputs, "supply through") are percentages with one decimal.</item>
/// <item>The integer part has "," between thousands and the decimal separator is ".", whatever the computer's
/// language, so "25.133" can never be read as twenty-five thousand.</item>
/// <item>A row of differences is signed ("+12", "-3.4%"); a number that rounds to zero is "0" (or "0.0"), never
/// "-0" or "+0".</item>
/// </list>
/// Only what is shown is rounded: results.json and summary.csv keep full precision.
/// </summary>
public sealed class RowFormat
{
    private readonly string pattern;
    private readonly string suffix;
    private readonly double scale;
    private readonly bool signed;

    private RowFormat(int decimals, double scale, string suffix, bool signed)
    {
        Decimals = decimals;
        pattern = decimals == 0 ? "#,0" : "#,0." + new string('0', decimals);
        this.scale = scale;
        this.suffix = suffix;
        this.signed = signed;
    }

    /// <summary>Decimals shown on every number of the row.</summary>
    public int Decimals { get; }

    /// <summary>For money: <paramref name="row"/> is every number the row will show (means and interval ends).</summary>
    public static RowFormat ForMoney(IEnumerable<double> row, bool signed = false)
    {
        var largest = row.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        return new RowFormat(MoneyDecimals(largest), 1, "", signed);
    }

    /// <summary>For shares written as percentages: 0.553 is "55.3%".</summary>
    public static RowFormat ForShares(bool signed = false) => new(1, 100, "%", signed);

    /// <summary>None from 100 up, one from 10, two below.</summary>
    public static int MoneyDecimals(double largest) => largest >= 100 ? 0 : largest >= 10 ? 1 : 2;

    public string Format(double x)
    {
        if (!double.IsFinite(x))
        {
            return x.ToString(CultureInfo.InvariantCulture);
        }
        // Round the magnitude and then decide the sign, so that -0.004 is "0" and not "-0".
        var digits = Math.Abs(x * scale).ToString(pattern, CultureInfo.InvariantCulture);
        var zero = digits.All(c => c is '0' or '.' or ',');
        var sign = zero ? "" : x < 0 ? "-" : signed ? "+" : "";
        return sign + digits + suffix;
    }

    /// <summary>"mean [low, high]", the console's cell.</summary>
    public string Interval(double mean, double low, double high) => $"{Format(mean)} [{Format(low)}, {Format(high)}]";
}
