namespace SupplyShock.Reporting;

using System.Globalization;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;

/// <summary>
/// The console table of a run: policies side by side, each cell the mean and its 90% interval, then the paired
/// differences. Every number is rounded by <see cref="RowFormat"/>, one format per metric: a row of the policy
/// table, a column of the differences table (where a row mixes money and shares).
/// </summary>
public static class RunTable
{
    public static void Write(TextWriter w, RunResults results, IReadOnlyList<EndUse> endUses)
    {
        var s = results.Scenario;
        var money = s.Unit.Length > 0 ? $"{s.Currency} {s.Unit}" : s.Currency;
        w.WriteLine($"{s.Name}: {results.Run.Trials.ToString("N0", CultureInfo.InvariantCulture)} trials, seed {results.Run.Seed}, {results.Run.SamplerText}");
        w.WriteLine($"Each cell: mean [5th, 95th percentile]. Money in {money} over the horizon ({s.PeriodLabels.Count} periods, {s.PeriodLabels[0]} to {s.PeriodLabels[^1]}).");
        w.WriteLine();

        var policies = results.Policies;
        List<List<string>> rows = [["", .. policies.Select(p => p.Name)]];
        void Add(string label, IReadOnlyList<string> cells) => rows.Add([label, .. cells]);

        Add("Lost US revenue", Money(policies.Select(p => p.Metrics["us_revenue_lost"])));
        Add("  share of US baseline", Shares(policies.Select(p => p.Metrics["us_revenue_lost_share"])));
        Add("Supply through", Shares(policies.Select(p => p.Metrics["supply_through"])));
        Add("US supply through", Shares(policies.Select(p => p.Metrics["us_supply_through"])));
        foreach (var e in endUses)
        {
            Add($"Output: {e.Name}", Shares(policies.Select(p => p.Output[e.Id])));
        }
        Add("Foreign gain", Money(policies.Select(p => p.Metrics["foreign_gain"])));
        var baseline = policies.Select(p => p.Metrics["us_revenue_baseline"].Mean).ToArray();
        Add("US baseline", baseline.Select(RowFormat.ForMoney(baseline).Format).ToArray());
        WriteRows(w, rows);

        var pairs = results.Differences;
        if (pairs.Count == 0)
        {
            return;
        }
        w.WriteLine();
        w.WriteLine("Paired differences, A - B trial by trial (common random numbers): mean [5th, 95th percentile]");
        IReadOnlyList<string>[] columns =
        [
            ["A - B", .. pairs.Select(d => $"{d.A} - {d.B}")],
            ["Lost US revenue", .. Money(pairs.Select(d => d.Metrics["us_revenue_lost"]), signed: true)],
            ["Supply through", .. Shares(pairs.Select(d => d.Metrics["supply_through"]), signed: true)],
            ["US supply through", .. Shares(pairs.Select(d => d.Metrics["us_supply_through"]), signed: true)],
            ["Foreign gain", .. Money(pairs.Select(d => d.Metrics["foreign_gain"]), signed: true)],
        ];
        WriteRows(w, Enumerable.Range(0, pairs.Count + 1).Select(r => columns.Select(c => c[r]).ToList()).ToList());
    }

    private static void WriteRows(TextWriter w, List<List<string>> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Count).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            w.WriteLine(string.Join("   ", cells).TrimEnd());
        }
    }

    /// <summary>Money cells of one metric, all rounded alike (<see cref="RowFormat.ForMoney"/>).</summary>
    private static string[] Money(IEnumerable<MetricStatistics> metric, bool signed = false)
    {
        var cells = metric.ToArray();
        return Cells(cells, RowFormat.ForMoney(cells.SelectMany(s => new[] { s.Mean, s.P5, s.P95 }), signed));
    }

    private static string[] Shares(IEnumerable<MetricStatistics> metric, bool signed = false) =>
        Cells(metric.ToArray(), RowFormat.ForShares(signed));

    private static string[] Cells(MetricStatistics[] cells, RowFormat format) =>
        cells.Select(s => format.Interval(s.Mean, s.P5, s.P95)).ToArray();
}
