namespace SupplyShock.Reporting;

using System.Globalization;

/// <summary>Numbers for people: invariant culture everywhere, so a German locale never turns 0.25 into 0,25.</summary>
internal static class Numbers
{
    public static string Value(double x) =>
        Math.Abs(x) >= 100 ? x.ToString("#,0", CultureInfo.InvariantCulture) : x.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Plain(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Round(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
