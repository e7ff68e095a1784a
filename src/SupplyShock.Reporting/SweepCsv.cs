namespace SupplyShock.Reporting;

using System.Globalization;
using System.Text;
using SupplyShock.Core.Engine;

/// <summary>
/// sweep.csv: one tidy row per grid point, policy and metric (and end use, for output), every metric of every policy
/// whatever --metric chose, so R or Stata can plot any of them. The first columns are the swept names, holding the
/// point's values as given to --set. Invariant culture and full precision, as summary.csv.
/// </summary>
public static class SweepCsv
{
    public static string Write(SweepResults sweep)
    {
        var csv = new StringBuilder();
        foreach (var axis in sweep.Grid.Axes)
        {
            csv.Append(Field(axis.Name)).Append(',');
        }
        csv.Append("policy,metric,end_use,").AppendJoin(',', SweepResults.FieldNames).Append('\n');
        foreach (var point in sweep.Points)
        {
            foreach (var policy in point.Results.Policies)
            {
                foreach (var (metric, endUse) in sweep.Quantities(SweepResults.MetricNames))
                {
                    foreach (var value in point.Values)
                    {
                        csv.Append(SweepAxis.Text(value)).Append(',');
                    }
                    csv.Append(Field(policy.Name)).Append(',').Append(metric).Append(',').Append(Field(endUse ?? ""));
                    foreach (var (_, x) in SweepResults.Fields(SweepResults.Statistics(point, policy.Name, metric, endUse)))
                    {
                        csv.Append(',').Append(x.ToString("R", CultureInfo.InvariantCulture));
                    }
                    csv.Append('\n');
                }
            }
        }
        return csv.ToString();
    }

    /// <summary>RFC 4180 quoting: a swept name holds spaces and may hold a comma (a rule named "a, b").</summary>
    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text : $"\"{text.Replace("\"", "\"\"")}\"";
}
