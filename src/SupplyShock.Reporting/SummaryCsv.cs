namespace SupplyShock.Reporting;

using System.Globalization;
using System.Text;
using SupplyShock.Core.Engine;

/// <summary>
/// summary.csv: one tidy row per policy, metric and entity, for Excel, R or Stata. Differences have the second
/// policy in <c>versus</c>; binding shares fill only <c>mean</c>. Invariant culture: '.' decimals, ',' separators.
/// </summary>
public static class SummaryCsv
{
    private static readonly string[] Statistics = ["mean", "sd", "se", "p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "es95"];

    public static string Write(RunResults results)
    {
        var csv = new StringBuilder();
        csv.Append("policy,versus,metric,supplier,component,end_use,period,").AppendJoin(',', Statistics).Append('\n');
        var periods = results.Scenario.PeriodLabels;
        foreach (var p in results.Policies)
        {
            foreach (var (metric, s) in p.Metrics)
            {
                Row(csv, p.Name, "", metric, "", "", "", "", s);
            }
            foreach (var (endUse, s) in p.Output)
            {
                Row(csv, p.Name, "", "output", "", "", endUse, "", s);
            }
            foreach (var (endUse, byPeriod) in p.OutputByPeriod)
            {
                for (var t = 0; t < byPeriod.Count; t++)
                {
                    Row(csv, p.Name, "", "output_by_period", "", "", endUse, periods[t], byPeriod[t]);
                }
            }
            foreach (var (supplier, s) in p.LostBySupplier)
            {
                Row(csv, p.Name, "", "lost_by_supplier", supplier, "", "", "", s);
            }
            foreach (var (component, s) in p.ForeignGainByComponent)
            {
                Row(csv, p.Name, "", "foreign_gain_by_component", "", component, "", "", s);
            }
            foreach (var (component, byEndUse) in p.Availability)
            {
                foreach (var (endUse, s) in byEndUse)
                {
                    Row(csv, p.Name, "", "availability", "", component, endUse, "", s);
                }
            }
            foreach (var (endUse, byComponent) in p.Binding)
            {
                foreach (var (component, share) in byComponent)
                {
                    csv.Append(Field(p.Name)).Append(",,binding,,").Append(Field(component)).Append(',').Append(Field(endUse)).Append(",,")
                        .Append(share.ToString("R", CultureInfo.InvariantCulture)).Append(',', Statistics.Length - 1).Append('\n');
                }
            }
        }
        foreach (var d in results.Differences)
        {
            foreach (var (metric, s) in d.Metrics)
            {
                Row(csv, d.A, d.B, metric, "", "", "", "", s);
            }
            foreach (var (endUse, s) in d.Output)
            {
                Row(csv, d.A, d.B, "output", "", "", endUse, "", s);
            }
        }
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, string policy, string versus, string metric, string supplier, string component, string endUse, string period, MetricStatistics s)
    {
        csv.Append(Field(policy)).Append(',').Append(Field(versus)).Append(',').Append(metric).Append(',')
            .Append(Field(supplier)).Append(',').Append(Field(component)).Append(',').Append(Field(endUse)).Append(',').Append(period);
        foreach (var (_, value) in s.Fields())
        {
            csv.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
        csv.Append('\n');
    }

    /// <summary>RFC 4180 quoting for ids and names that hold a comma or a quote.</summary>
    /// <summary>An RFC 4180 field: quoted when it holds a comma, a quote or a line break.</summary>
    internal static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text : $"\"{text.Replace("\"", "\"\"")}\"";
}
