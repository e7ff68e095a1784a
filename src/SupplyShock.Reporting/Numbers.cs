namespace SupplyShock.Reporting;

using System.Globalization;

/// <summary>Numbers for people: invariant culture everywhere, so a German locale never turns 0.25 into 0,25.</summary>
internal static class Numbers
{
    /// <summary>A money value on its own, rounded by <see cref="RowFormat"/> as a row of one.</summary>
    public static string Money(double x) => RowFormat.ForMoney([x]).Format(x);

    /// <summary>"1 policy", "2 policies".</summary>
    public static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    public static string Plain(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Percent(double share) => RowFormat.ForShares().Format(share);

    /// <summary>Exact: for numbers that a reader compares (US content against de minimis).</summary>
    public static string Exact(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
