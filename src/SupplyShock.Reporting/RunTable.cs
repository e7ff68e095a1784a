namespace SupplyShock.Reporting;

using System.Globalization;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;

/// <summary>The console table of a run: policies side by side, each cell the mean and its 90% interval, then the paired differences.</summary>
public static class RunTable
{
    public static void Write(TextWriter w, RunResults results, IReadOnlyList<EndUse> endUses)
    {
        var s = results.Scenario;
        var money = s.Unit.Length > 0 ? $"{s.Currency} {s.Unit}" : s.Currency;
        w.WriteLine($"{s.Name}: {results.Run.Trials.ToString("N0", CultureInfo.InvariantCulture)} trials, seed {results.Run.Seed}, {Simulation.Name(results.Run.Sampler)}");
        w.WriteLine($"Each cell: mean [5th, 95th percentile]. Money in {money} over the horizon ({s.PeriodLabels.Count} periods, {s.PeriodLabels[0]} to {s.PeriodLabels[^1]}).");
        w.WriteLine();

        var header = new List<string> { "" };
        header.AddRange(results.Policies.Select(p => p.Name));
        List<List<string>> rows = [header];
        void Add(string label, Func<PolicyResults, string> cell) => rows.Add([label, .. results.Policies.Select(cell)]);

        Add("Lost US revenue", p => Money(p.Metrics["us_revenue_lost"]));
        Add("  share of US baseline", p => Percent(p.Metrics["us_revenue_lost_share"]));
        Add("Supply through", p => Percent(p.Metrics["supply_through"]));
        Add("US supply through", p => Percent(p.Metrics["us_supply_through"]));
        foreach (var e in endUses)
        {
            Add($"Output: {e.Name}", p => Percent(p.Output[e.Id]));
        }
        Add("Foreign gain", p => Money(p.Metrics["foreign_gain"]));
        Add("US baseline", p => Numbers.Value(p.Metrics["us_revenue_baseline"].Mean));
        WriteRows(w, rows);

        if (results.Differences.Count == 0)
        {
            return;
        }
        w.WriteLine();
        w.WriteLine("Paired differences, A - B trial by trial (common random numbers): mean [5th, 95th percentile]");
        List<List<string>> diff = [["A - B", "Lost US revenue", "Supply through", "US supply through", "Foreign gain"]];
        foreach (var d in results.Differences)
        {
            diff.Add([$"{d.A} - {d.B}", Money(d.Metrics["us_revenue_lost"]), Percent(d.Metrics["supply_through"], signed: true),
                Percent(d.Metrics["us_supply_through"], signed: true), Money(d.Metrics["foreign_gain"])]);
        }
        WriteRows(w, diff);
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

    private static string Money(MetricStatistics s) =>
        $"{Numbers.Value(s.Mean)} [{Numbers.Value(s.P5)}, {Numbers.Value(s.P95)}]";

    private static string Percent(MetricStatistics s, bool signed = false)
    {
        string P(double x) => (signed && x > 0 ? "+" : "") + (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        return $"{P(s.Mean)} [{P(s.P5)}, {P(s.P95)}]";
    }
}
