namespace SupplyShock.Reporting;

using System.Globalization;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;

/// <summary>
/// The console table of a sweep: one row per grid point and policy, the swept values first, then each chosen
/// metric's mean [5th, 95th percentile]. A column is one metric, so <see cref="RowFormat"/> rounds each column alike
/// (money from the column's largest number, shares as percentages).
/// </summary>
public static class SweepTable
{
    public static void Write(TextWriter w, SweepResults sweep, IReadOnlyList<string> metrics)
    {
        var first = sweep.First;
        var s = first.Scenario;
        var axes = sweep.Grid.Axes;
        var grid = string.Join(" x ", axes.Select(a => $"{a.Name} from {SweepAxis.Text(a.From)} to {SweepAxis.Text(a.To)} by {SweepAxis.Text(a.Step)}"));
        var trials = first.Run.Trials.ToString("N0", CultureInfo.InvariantCulture);
        w.WriteLine($"{s.Name}: sweep of {grid} ({sweep.Points.Count} of {sweep.Grid.Points.Count} points)");
        w.WriteLine($"Every point runs the same {trials} trials (seed {first.Run.Seed}, {Simulation.Name(first.Run.Sampler)}): common random numbers, so differences between points are paired.");
        if (sweep.Grid.Fixed.Count > 0)
        {
            w.WriteLine($"Fixed: {string.Join(", ", sweep.Grid.Fixed)}");
        }
        w.WriteLine($"Each cell: mean [5th, 95th percentile]. Money in {s.Money} over the horizon.");
        w.WriteLine();

        var rows = sweep.Points.SelectMany(point => point.Results.Policies.Select(p => (Point: point, Policy: p.Name))).ToArray();
        var columns = new List<IReadOnlyList<string>>();
        for (var i = 0; i < axes.Count; i++)
        {
            columns.Add([axes[i].Name, .. rows.Select(r => SweepAxis.Text(r.Point.Values[i]))]);
        }
        columns.Add(["policy", .. rows.Select(r => r.Policy)]);
        foreach (var (metric, endUse) in sweep.Quantities(metrics))
        {
            var cells = rows.Select(r => SweepResults.Statistics(r.Point, r.Policy, metric, endUse)).ToArray();
            var format = SweepResults.IsShare(metric)
                ? RowFormat.ForShares()
                : RowFormat.ForMoney(cells.SelectMany(c => new[] { c.Mean, c.P5, c.P95 }));
            var header = endUse is null ? Label(metric) : $"Output: {s.Names.EndUse(endUse)}";
            columns.Add([header, .. cells.Select(c => format.Interval(c.Mean, c.P5, c.P95))]);
        }
        var widths = columns.Select(c => c.Max(x => x.Length)).ToArray();
        for (var r = 0; r <= rows.Length; r++)
        {
            // The swept values and the policy read as labels (left); numbers line up on the right.
            var cells = columns.Select((c, i) => i <= axes.Count ? c[r].PadRight(widths[i]) : c[r].PadLeft(widths[i]));
            w.WriteLine(string.Join("   ", cells).TrimEnd());
        }
    }

    /// <summary>What the console and the charts call each horizon metric, as the run table does.</summary>
    public static string Label(string metric) => metric switch
    {
        "us_revenue_lost" => "Lost US revenue",
        "us_revenue_lost_share" => "Share of US baseline lost",
        "supply_through" => "Supply through",
        "us_supply_through" => "US supply through",
        "foreign_gain" => "Foreign gain",
        "us_revenue_baseline" => "US baseline",
        _ => metric,
    };
}
