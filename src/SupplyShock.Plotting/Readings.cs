namespace SupplyShock.Plotting;

using SupplyShock.Core.Engine;
using static ReportNumbers;

/// <summary>What one policy does, in sentences an economist could quote; every number is in results.json (rounded).</summary>
public sealed record PolicyReading(string Policy, IReadOnlyList<string> Sentences)
{
    public string Paragraph => string.Join(" ", Sentences);
}

/// <summary>
/// The readings of a run: for each policy, lost US revenue, supply through, the end use hit hardest on average and
/// over time (from the per-period medians), the supplier that loses most, the foreign gain, and how the policy compares
/// with every other on the same trials. A pure function of <see cref="RunResults"/>, so tests read it as data.
/// </summary>
public static class Readings
{
    /// <summary>Troughs closer than this (a share of baseline) are named together: they are the same fall.</summary>
    private const double SameTrough = 0.005;

    /// <summary>A period counts as reaching the trough when its median is within this of the lowest (two percentage points).</summary>
    private const double NearTrough = 0.02;

    public static IReadOnlyList<PolicyReading> Of(RunResults r) => r.Policies.Select(p => Of(r, p)).ToArray();

    public static PolicyReading Of(RunResults r, PolicyResults p)
    {
        var sentences = new List<string> { Lost(r, p), Through(p) };
        sentences.AddRange(new[] { Hardest(r, p), Trough(r, p), Supplier(r, p), Gain(r, p), Comparison(r, p) }.OfType<string>());
        return new PolicyReading(p.Name, sentences);
    }

    private static string Cash(RunResults r, double x) => r.Scenario.Unit.Length > 0
        ? $"{r.Scenario.Currency} {Rounded(x)} {r.Scenario.Unit}"
        : $"{r.Scenario.Currency} {Rounded(x)}";

    private static bool Nothing(MetricStatistics s) => Math.Abs(s.Mean) < 1e-9 && Math.Abs(s.P5) < 1e-9 && Math.Abs(s.P95) < 1e-9;

    private static bool Fixed(MetricStatistics s) => Math.Abs(s.P95 - s.P5) < 1e-9;

    /// <summary>"(90% interval a to b)", spelled out as "90% of trials between" the first time; "(in every trial)" for a point.</summary>
    private static string Spread(MetricStatistics s, Func<double, string> format, bool spelled = false) =>
        Fixed(s) ? "(in every trial)"
        : spelled ? $"(90% of trials between {format(s.P5)} and {format(s.P95)})"
        : $"(90% interval {format(s.P5)} to {format(s.P95)})";

    private static string Lost(RunResults r, PolicyResults p)
    {
        var lost = p.Metrics["us_revenue_lost"];
        if (Nothing(lost))
        {
            return $"Under {p.Name}, US suppliers lose no revenue.";
        }
        var share = p.Metrics["us_revenue_lost_share"];
        var baseline = p.Metrics["us_revenue_baseline"].Mean;
        return $"Under {p.Name}, US suppliers lose {Cash(r, lost.Mean)} over the horizon on average {Spread(lost, Rounded, spelled: true)}, "
            + $"{WholePercent(share.Mean)} of their baseline revenue of {Cash(r, baseline)}.";
    }

    private static string Through(PolicyResults p)
    {
        var all = p.Metrics["supply_through"];
        var us = p.Metrics["us_supply_through"];
        return $"The buyer still receives {WholePercent(all.Mean)} of the components it needs {Spread(all, WholePercent)}; "
            + $"of what US suppliers sold it before, {WholePercent(us.Mean)} still reaches it {Spread(us, WholePercent)}.";
    }

    private static string? Hardest(RunResults r, PolicyResults p)
    {
        if (p.Output.Count == 0)
        {
            return null;
        }
        var (endUse, s) = p.Output.MinBy(kv => kv.Value.Mean);
        return $"Averaged over the horizon, output is hit hardest in {r.Scenario.Names.EndUse(endUse)}: {WholePercent(s.Mean)} of baseline {Spread(s, WholePercent)}.";
    }

    /// <summary>From the per-period medians: which end use falls lowest, how low, from which period, and whether it recovers.</summary>
    private static string? Trough(RunResults r, PolicyResults p)
    {
        var labels = r.Scenario.PeriodLabels;
        var troughs = p.OutputByPeriod
            .Where(kv => kv.Value.Count > 0)
            .Select(kv =>
            {
                var medians = kv.Value.Select(s => s.P50).ToArray();
                var low = Array.IndexOf(medians, medians.Min());
                var reached = Array.FindIndex(medians, m => m <= medians[low] + NearTrough);
                return (EndUse: kv.Key, Medians: medians, Low: low, Reached: reached);
            })
            .ToArray();
        if (troughs.Length == 0)
        {
            return null;
        }
        var lowest = troughs.MinBy(t => t.Medians[t.Low]);
        var together = troughs.Where(t => t.Medians[t.Low] - lowest.Medians[lowest.Low] <= SameTrough && t.Reached == lowest.Reached && t.Low == lowest.Low).ToArray();
        string Label(int t) => labels.ElementAtOrDefault(t) ?? $"period {t}";
        var names = string.Join(" and ", together.Select(t => r.Scenario.Names.EndUse(t.EndUse)));
        var value = lowest.Medians[lowest.Low];
        if (value >= 1 - 1e-9)
        {
            return "Over time, no end use's median output falls below baseline in any period.";
        }
        var (subject, verb, be) = together.Length > 1 ? ("outputs", "fall", "are") : ("output", "falls", "is");
        var when = lowest.Reached == 0
            ? $"{be} lowest at {Share(value)} of baseline, from {Label(0)} on"
            : $"{verb} to {Share(value)} of baseline by {Label(lowest.Reached)}";
        // The exact medians whenever the words round them: a word, or a trough reached before its lowest period.
        var detail = lowest.Reached != lowest.Low
            ? $" ({WholePercent(lowest.Medians[lowest.Reached])} in {Label(lowest.Reached)}, {WholePercent(value)} in {Label(lowest.Low)})"
            : Share(value) != WholePercent(value) ? $" ({WholePercent(value)} in {Label(lowest.Low)})" : "";
        var last = lowest.Medians[^1];
        var recovery = last > value + 0.05 ? $", and recovers to {WholePercent(last)} by {Label(lowest.Medians.Length - 1)}" : "";
        return $"Over time, the median {subject} of {names} {when}{detail}{recovery}.";
    }

    private static string Supplier(RunResults r, PolicyResults p)
    {
        var (id, s) = p.LostBySupplier.Count > 0 ? p.LostBySupplier.MaxBy(kv => kv.Value.Mean) : default;
        return id is null || s.Mean <= 1e-9
            ? "No supplier loses revenue."
            : $"The supplier that loses most is {r.Scenario.Names.Supplier(id)}: {Cash(r, s.Mean)} on average {Spread(s, Rounded)}.";
    }

    private static string Gain(RunResults r, PolicyResults p)
    {
        var gain = p.Metrics["foreign_gain"];
        return Nothing(gain)
            ? "Non-US substitutes gain no sales."
            : $"Non-US substitutes gain {Cash(r, gain.Mean)} in sales {Spread(gain, Rounded)}.";
    }

    /// <summary>Lost US revenue against each other policy, from the paired differences (A - B; B - A is its negation).</summary>
    private static string? Comparison(RunResults r, PolicyResults p)
    {
        var parts = new List<string>();
        foreach (var other in r.Policies.Where(o => o.Name != p.Name))
        {
            var d = r.Differences.FirstOrDefault(x => x.A == p.Name && x.B == other.Name)?.Metrics["us_revenue_lost"];
            if (d is null && r.Differences.FirstOrDefault(x => x.A == other.Name && x.B == p.Name)?.Metrics["us_revenue_lost"] is { } reverse)
            {
                d = reverse with { Mean = -reverse.Mean, P5 = -reverse.P95, P95 = -reverse.P5 };
            }
            if (d is not null)
            {
                parts.Add(Versus(r, other.Name, d, first: parts.Count == 0));
            }
        }
        return parts.Count == 0 ? null : $"On the same trials and on average, {p.Name} costs US suppliers {Join(parts)}.";
    }

    private static string Versus(RunResults r, string other, MetricStatistics d, bool first)
    {
        if (Nothing(d))
        {
            return $"the same as {other} in every trial";
        }
        string Signed(double x) => x >= 0 ? $"{Rounded(x)} more" : $"{Rounded(-x)} less";
        var direction = d.Mean >= 0 ? "more" : "less";
        var interval = first ? "90% interval " : "";
        var spread = Fixed(d) ? "in every trial"
            : d.P5 >= 0 || d.P95 <= 0 ? $"{interval}{Rounded(Math.Min(Math.Abs(d.P5), Math.Abs(d.P95)))} to {Rounded(Math.Max(Math.Abs(d.P5), Math.Abs(d.P95)))} {direction}"
            : $"{interval}{Signed(d.P5)} to {Signed(d.P95)}";
        return $"{Cash(r, Math.Abs(d.Mean))} {direction} than {other} ({spread})";
    }

    private static string Join(IReadOnlyList<string> parts) => parts.Count switch
    {
        1 => parts[0],
        2 => $"{parts[0]} and {parts[1]}",
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + ", and " + parts[^1],
    };
}
