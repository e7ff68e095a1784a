namespace SupplyShock.Reporting;

using System.Text.Json;
using SupplyShock.Core.Engine;

/// <summary>What makes two runs the same run: if every part is equal, their results must be equal to the bit.</summary>
public sealed record RunIdentityKey(string Scenario, string Sha256, string Version, long Seed, long Trials, string Sampler);

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
    public string Currency { get; init; } = "";

    public string Unit { get; init; } = "";

    public IReadOnlyList<string> Periods { get; init; } = [];

    /// <summary>Policies in file order.</summary>
    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>"USD million", or the currency alone.</summary>
    public string Money => Unit.Length > 0 ? $"{Currency} {Unit}" : Currency;

    public StatisticsEntry? Statistics(string path) => Entries.GetValueOrDefault(path) as StatisticsEntry;

    public MetricHistogram? Histogram(string path) => (Entries.GetValueOrDefault(path) as HistogramEntry)?.Histogram;

    /// <summary>The names directly below a path prefix, in file order: end uses under "policies/ban/output", and so on.</summary>
    public IReadOnlyList<string> Children(string prefix) =>
        Entries.Keys.Where(k => k.StartsWith(prefix + "/", StringComparison.Ordinal))
            .Select(k => k[(prefix.Length + 1)..].Split('/', '[')[0]).Distinct().ToArray();
}

/// <summary>Reads results.json; anything wrong with the file is a message for the user, never an exception.</summary>
public static class ResultsReader
{
    private static readonly string[] StatisticNames = ["mean", "sd", "se", "p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "es95"];

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
            using var document = JsonDocument.Parse(bytes);
            return Parse(path, document.RootElement);
        }
        catch (JsonException e)
        {
            return (null, $"{path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: error: not valid JSON ({e.Message.Split(" LineNumber")[0].TrimEnd('.')}); is the file complete?");
        }
        catch (FormatException e)
        {
            return (null, $"{path}:1:1: error: {e.Message}");
        }
    }

    private static (ResultsFile?, string?) Parse(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String)
        {
            return (null, $"{path}:1:1: error: not a SupplyShock results file (no \"format\" key); expected the results.json that 'supplyshock run --out' writes");
        }
        if (format.GetString() != ResultsJson.Format)
        {
            return (null, $"{path}:1:1: error: results format '{format.GetString()}' is not supported; this program reads '{ResultsJson.Format}'");
        }
        var scenario = Property(root, "scenario", JsonValueKind.Object);
        var run = Property(root, "run", JsonValueKind.Object);
        var identity = new RunIdentityKey(
            Property(scenario, "name", JsonValueKind.String).GetString()!,
            Property(scenario, "sha256", JsonValueKind.String).GetString()!,
            Property(run, "version", JsonValueKind.String).GetString()!,
            Property(run, "seed", JsonValueKind.Number).GetInt64(),
            Property(run, "trials", JsonValueKind.Number).GetInt64(),
            Property(run, "sampler", JsonValueKind.String).GetString()!);
        var entries = new Dictionary<string, ResultEntry>(StringComparer.Ordinal);
        Walk(Property(root, "policies", JsonValueKind.Object), "policies", entries);
        Walk(Property(root, "differences", JsonValueKind.Object), "differences", entries);
        if (entries.Count == 0)
        {
            return (null, $"{path}:1:1: error: the results file holds no policy results");
        }
        return (new ResultsFile(path, identity, identity.Trials, entries)
        {
            Currency = Text(scenario, "currency"),
            Unit = Text(scenario, "unit"),
            Periods = scenario.TryGetProperty("periods", out var periods) && periods.ValueKind == JsonValueKind.Array
                ? periods.EnumerateArray().Select(p => p.GetString() ?? "").ToArray()
                : [],
            Policies = Property(root, "policies", JsonValueKind.Object).EnumerateObject().Select(p => p.Name).ToArray(),
        }, null);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static JsonElement Property(JsonElement element, string name, JsonValueKind kind)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == kind)
        {
            return value;
        }
        throw new FormatException($"a results file needs \"{name}\" ({kind.ToString().ToLowerInvariant()}); the file is incomplete or not SupplyShock's");
    }

    /// <summary>Every statistics object, histogram and plain number below <paramref name="element"/>, by path.</summary>
    private static void Walk(JsonElement element, string path, Dictionary<string, ResultEntry> entries)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when element.TryGetProperty("mean", out _):
                var values = StatisticNames.Select(n => Number(element, n, path)).ToArray();
                entries[path] = new StatisticsEntry(new MetricStatistics(
                    values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8], values[9], values[10], values[11], values[12]));
                break;
            case JsonValueKind.Object when element.TryGetProperty("counts", out var counts):
                entries[path] = new HistogramEntry(new MetricHistogram(
                    Number(element, "lo", path), Number(element, "hi", path), counts.EnumerateArray().Select(c => c.GetInt64()).ToArray()));
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, $"{path}/{property.Name}", entries);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{index++}]", entries);
                }
                break;
            case JsonValueKind.Number:
                entries[path] = new ValueEntry(element.GetDouble());
                break;
            default:
                throw new FormatException($"unexpected {element.ValueKind.ToString().ToLowerInvariant()} at {path}");
        }
    }

    private static double Number(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new FormatException($"{path} has no number \"{name}\"");
}
