namespace SupplyShock.Reporting;

using System.Text.Json;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;

/// <summary>What makes two runs the same run: if every part is equal, their results must be equal to the bit.</summary>
public sealed record RunIdentityKey(string Scenario, string Sha256, string Version, long Seed, long Trials, string Sampler)
{
    /// <summary>The <c>--set</c> arguments, one per line: a run with other overrides is another run.</summary>
    public string Overrides { get; init; } = "";
}

/// <summary>One number a results file reports, found by its path: statistics, a plain value (a binding share) or a distribution.</summary>
public abstract record ResultEntry;

public sealed record StatisticsEntry(MetricStatistics Statistics) : ResultEntry;

public sealed record ValueEntry(double Value) : ResultEntry;

public sealed record HistogramEntry(MetricHistogram Histogram) : ResultEntry;

/// <summary>
/// A results.json read back: its identity and every entry under <c>policies</c> and <c>differences</c>, flattened to
/// paths such as <c>policies/ban/metrics/us_revenue_lost</c> or <c>differences/ban/partial/output/handsets</c>.
/// </summary>
public sealed record ResultsFile(string Path, RunIdentityKey Identity, long Trials, IReadOnlyDictionary<string, ResultEntry> Entries)
{
    /// <summary>The typed results the entries were flattened from (null for hand-made entries, as in tests).</summary>
    public RunResults? Results { get; init; }
}

/// <summary>Reads results.json; anything wrong with the file is a message for the user, never an exception.</summary>
public static class ResultsReader
{
    /// <summary>The file, or null and a message in <c>path:line:column: error: ...</c> form.</summary>
    public static (ResultsFile? File, string? Error) Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            return (null, $"{path}:1:1: error: cannot read the results file: {reason}");
        }
        return Parse(bytes, path);
    }

    /// <summary>Results already in memory (a run being checked), shown as <paramref name="path"/> in messages.</summary>
    public static (ResultsFile? File, string? Error) Parse(byte[] bytes, string path)
    {
        try
        {
            return (Flatten(ResultsJson.Read(bytes), path), null);
        }
        catch (JsonException e)
        {
            return (null, $"{path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: error: not valid JSON ({e.Message.Split(" LineNumber")[0].TrimEnd('.')}); is the file complete?");
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return (null, $"{path}:1:1: error: {e.Message}");
        }
    }

    /// <summary>
    /// Every number of the results by its path, in the order results.json holds them: statistics, binding shares and
    /// distributions of each policy, then of each difference. <c>compare</c> walks these.
    /// </summary>
    public static ResultsFile Flatten(RunResults results, string path)
    {
        var entries = new Dictionary<string, ResultEntry>(StringComparer.Ordinal);
        void Stats(string at, IReadOnlyDictionary<string, MetricStatistics> map)
        {
            foreach (var (key, s) in map)
            {
                entries[$"{at}/{key}"] = new StatisticsEntry(s);
            }
        }
        void Histograms(string at, Distributions d)
        {
            foreach (var (key, h) in d.Metrics)
            {
                entries[$"{at}/distributions/{key}"] = new HistogramEntry(h);
            }
            foreach (var (key, h) in d.Output)
            {
                entries[$"{at}/distributions/output/{key}"] = new HistogramEntry(h);
            }
        }
        foreach (var p in results.Policies)
        {
            var at = $"policies/{p.Name}";
            Stats($"{at}/metrics", p.Metrics);
            Stats($"{at}/output", p.Output);
            Stats($"{at}/foreign_gain_by_component", p.ForeignGainByComponent);
            foreach (var (endUse, periods) in p.OutputByPeriod)
            {
                for (var t = 0; t < periods.Count; t++)
                {
                    entries[$"{at}/output_by_period/{endUse}[{t}]"] = new StatisticsEntry(periods[t]);
                }
            }
            Stats($"{at}/lost_by_supplier", p.LostBySupplier);
            foreach (var (component, byEndUse) in p.Availability)
            {
                Stats($"{at}/availability/{component}", byEndUse);
            }
            foreach (var (endUse, byComponent) in p.Binding)
            {
                foreach (var (component, share) in byComponent)
                {
                    entries[$"{at}/binding/{endUse}/{component}"] = new ValueEntry(share);
                }
            }
            Histograms(at, p.Distributions);
        }
        foreach (var d in results.Differences)
        {
            var at = $"differences/{d.A}/{d.B}";
            Stats(at, d.Metrics);
            Stats($"{at}/output", d.Output);
            Histograms(at, d.Distributions);
        }
        var s = results.Scenario;
        var identity = new RunIdentityKey(s.Name, s.Sha256, results.Run.Version, results.Run.Seed, results.Run.Trials, Simulation.Name(results.Run.Sampler))
        {
            Overrides = string.Join('\n', results.Run.Overrides),
        };
        return new ResultsFile(path, identity, results.Run.Trials, entries)
        {
            Results = results,
        };
    }
}
