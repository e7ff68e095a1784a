namespace SupplyShock.Reporting;

using System.Globalization;

/// <summary>Numbers for people: invariant culture everywhere, so a German locale never turns 0.25 into 0,25.</summary>
internal static class Numbers
{
    /// <summary>A money value for a table: whole numbers from 1,000 up, one decimal from 100, three significant below.</summary>
    public static string Value(double x) => Math.Abs(x) switch
    {
        >= 1000 => x.ToString("#,0", CultureInfo.InvariantCulture),
        >= 100 => x.ToString("0.#", CultureInfo.InvariantCulture),
        _ => x.ToString("0.###", CultureInfo.InvariantCulture),
    };

    /// <summary>"1 policy", "2 policies".</summary>
    public static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    public static string Plain(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Exact: for numbers that a reader compares (US content against de minimis).</summary>
    public static string Exact(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
