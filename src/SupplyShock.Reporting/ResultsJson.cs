namespace SupplyShock.Reporting;

using System.Text.Json;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;

/// <summary>
/// results.json (FORMAT.md): every key the format names, named as it names them, plus the scenario's currency, unit
/// and period labels so charts can be drawn from the file alone. Nothing in it depends on the machine or the time,
/// so the same run gives the same bytes. Numbers are written in round-trip precision, culture-invariant.
/// </summary>
public static class ResultsJson
{
    public const string Format = "supplyshock-results/1";

    public static void Write(Stream stream, RunResults results)
    {
        using var json = DiagnosticReport.JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteStartObject("scenario");
        json.WriteString("name", results.Scenario.Name);
        json.WriteString("file", results.Scenario.File.Replace('\\', '/'));
        json.WriteString("sha256", results.Scenario.Sha256);
        json.WriteString("currency", results.Scenario.Currency);
        json.WriteString("unit", results.Scenario.Unit);
        DiagnosticReport.WriteStrings(json, "periods", results.Scenario.PeriodLabels);
        json.WriteStartObject("names");
        WriteNames(json, "suppliers", results.Scenario.Names.Suppliers);
        WriteNames(json, "components", results.Scenario.Names.Components);
        WriteNames(json, "end_uses", results.Scenario.Names.EndUses);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("run");
        json.WriteString("version", results.Run.Version);
        json.WriteNumber("seed", results.Run.Seed);
        json.WriteNumber("trials", results.Run.Trials);
        json.WriteString("sampler", Simulation.Name(results.Run.Sampler));
        if (results.Run.Replicates is { } replicates)
        {
            json.WriteNumber("replicates", replicates); // only under sobol, so other results keep their bytes
        }
        if (results.Run.Overrides.Count > 0)
        {
            // Only when given, so that results of the file as it is keep their bytes.
            DiagnosticReport.WriteStrings(json, "overrides", results.Run.Overrides);
        }
        json.WriteEndObject();

        json.WriteStartObject("policies");
        foreach (var p in results.Policies)
        {
            json.WriteStartObject(p.Name);
            WriteMap(json, "metrics", p.Metrics);
            WriteMap(json, "output", p.Output);
            WriteMap(json, "foreign_gain_by_component", p.ForeignGainByComponent);
            json.WriteStartObject("output_by_period");
            foreach (var (endUse, periods) in p.OutputByPeriod)
            {
                json.WriteStartArray(endUse);
                foreach (var s in periods)
                {
                    WriteStatistics(json, null, s);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
            WriteMap(json, "lost_by_supplier", p.LostBySupplier);
            json.WriteStartObject("availability");
            foreach (var (component, byEndUse) in p.Availability)
            {
                WriteMap(json, component, byEndUse);
            }
            json.WriteEndObject();
            json.WriteStartObject("binding");
            foreach (var (endUse, byComponent) in p.Binding)
            {
                json.WriteStartObject(endUse);
                foreach (var (component, share) in byComponent)
                {
                    json.WriteNumber(component, share);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
            WriteDistributions(json, p.Distributions);
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteStartObject("differences");
        foreach (var group in results.Differences.GroupBy(d => d.A))
        {
            json.WriteStartObject(group.Key);
            foreach (var d in group)
            {
                json.WriteStartObject(d.B);
                foreach (var (name, s) in d.Metrics)
                {
                    WriteStatistics(json, name, s);
                }
                WriteMap(json, "output", d.Output);
                WriteDistributions(json, d.Distributions);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Not a key of FORMAT.md: whole distributions, for charts and for compare's distribution test.</summary>
    private static void WriteDistributions(Utf8JsonWriter json, Distributions distributions)
    {
        json.WriteStartObject("distributions");
        foreach (var (name, h) in distributions.Metrics)
        {
            WriteHistogram(json, name, h);
        }
        json.WriteStartObject("output");
        foreach (var (endUse, h) in distributions.Output)
        {
            WriteHistogram(json, endUse, h);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteHistogram(Utf8JsonWriter json, string name, MetricHistogram h)
    {
        json.WriteStartObject(name);
        json.WriteNumber("lo", h.Lo);
        json.WriteNumber("hi", h.Hi);
        json.WriteStartArray("counts");
        foreach (var c in h.Counts)
        {
            json.WriteNumberValue(c);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNames(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> names)
    {
        json.WriteStartObject(name);
        foreach (var (id, text) in names)
        {
            json.WriteString(id, text);
        }
        json.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, MetricStatistics> map)
    {
        json.WriteStartObject(name);
        foreach (var (key, s) in map)
        {
            WriteStatistics(json, key, s);
        }
        json.WriteEndObject();
    }

    private static void WriteStatistics(Utf8JsonWriter json, string? name, MetricStatistics s)
    {
        if (name is null)
        {
            json.WriteStartObject();
        }
        else
        {
            json.WriteStartObject(name);
        }
        foreach (var (field, value) in s.Fields())
        {
            json.WriteNumber(field, value);
        }
        json.WriteEndObject();
    }

    /// <summary>
    /// Reads what <see cref="Write"/> writes, to the same <see cref="RunResults"/>: writing it again gives the same bytes.
    /// A file that is not such results throws <see cref="FormatException"/> (or <see cref="JsonException"/>) saying what is missing.
    /// </summary>
    public static RunResults Read(ReadOnlySpan<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8.ToArray());
        return Read(document.RootElement);
    }

    public static RunResults Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("not a SupplyShock results file (no \"format\" key); expected the results.json that 'supplyshock run --out' writes");
        }
        if (format.GetString() != Format)
        {
            throw new FormatException($"results format '{format.GetString()}' is not supported; this program reads '{Format}'");
        }
        var scenario = Json.Object(root, "scenario");
        var run = Json.Object(root, "run");
        var names = scenario.TryGetProperty("names", out var n) && n.ValueKind == JsonValueKind.Object
            ? new EntityNames(Json.Strings(n, "suppliers"), Json.Strings(n, "components"), Json.Strings(n, "end_uses"))
            : EntityNames.None;
        var identity = new ScenarioIdentity(
            Json.String(scenario, "name"),
            Json.String(scenario, "file"),
            Json.String(scenario, "sha256"),
            Json.String(scenario, "currency"),
            Json.String(scenario, "unit"),
            Json.Array(scenario, "periods").EnumerateArray().Select(p => p.GetString() ?? throw new FormatException("scenario.periods holds a non-text label")).ToArray())
        {
            Names = names,
        };
        var samplerName = Json.String(run, "sampler");
        var sampler = Enum.GetValues<Sampler>().Where(x => Simulation.Name(x) == samplerName).Cast<Sampler?>().FirstOrDefault()
            ?? throw new FormatException($"run.sampler '{samplerName}' is not a sampler this program knows");
        var runIdentity = new RunIdentity(Json.String(run, "version"), Json.Int64(run, "seed"), Json.Int64(run, "trials"), sampler)
        {
            Overrides = run.TryGetProperty("overrides", out var o)
                ? Json.Array(run, "overrides").EnumerateArray().Select(x => x.GetString() ?? throw new FormatException("run.overrides holds a non-text entry")).ToArray()
                : [],
            Replicates = run.TryGetProperty("replicates", out _) ? (int)Json.Int64(run, "replicates") : null,
        };

        var policies = Json.Object(root, "policies").EnumerateObject().Select(p => ReadPolicy(p.Name, p.Value)).ToArray();
        if (policies.Length == 0)
        {
            throw new FormatException("the results file holds no policy results");
        }
        var differences = new List<PolicyDifference>();
        foreach (var a in Json.Object(root, "differences").EnumerateObject())
        {
            foreach (var b in a.Value.EnumerateObject())
            {
                var metrics = b.Value.EnumerateObject().Where(x => x.Name is not ("output" or "distributions")).Select(x => (x.Name, Statistics(x.Value, $"differences.{a.Name}.{b.Name}.{x.Name}")));
                differences.Add(new PolicyDifference(a.Name, b.Name, Ordered(metrics), Map(b.Value, "output", $"differences.{a.Name}.{b.Name}"))
                {
                    Distributions = ReadDistributions(b.Value, $"differences.{a.Name}.{b.Name}"),
                });
            }
        }
        return new RunResults(identity, runIdentity, policies, differences);
    }

    private static PolicyResults ReadPolicy(string name, JsonElement p)
    {
        var at = $"policies.{name}";
        var byPeriod = Ordered(Json.Object(p, "output_by_period").EnumerateObject().Select(e => (e.Name,
            (IReadOnlyList<MetricStatistics>)e.Value.EnumerateArray().Select((s, t) => Statistics(s, $"{at}.output_by_period.{e.Name}[{t}]")).ToArray())));
        var availability = Ordered(Json.Object(p, "availability").EnumerateObject().Select(c => (c.Name,
            (IReadOnlyDictionary<string, MetricStatistics>)Ordered(c.Value.EnumerateObject().Select(e => (e.Name, Statistics(e.Value, $"{at}.availability.{c.Name}.{e.Name}")))))));
        var binding = Ordered(Json.Object(p, "binding").EnumerateObject().Select(e => (e.Name,
            (IReadOnlyDictionary<string, double>)Ordered(e.Value.EnumerateObject().Select(c => (c.Name, Json.Number(c.Value, $"{at}.binding.{e.Name}.{c.Name}")))))));
        return new PolicyResults(
            name,
            Map(p, "metrics", at),
            Map(p, "output", at),
            Map(p, "foreign_gain_by_component", at),
            byPeriod,
            Map(p, "lost_by_supplier", at),
            availability,
            binding)
        {
            Distributions = ReadDistributions(p, at),
        };
    }

    /// <summary>Files written before distributions were saved have none; charts and compare then do without.</summary>
    private static Distributions ReadDistributions(JsonElement parent, string at)
    {
        if (!parent.TryGetProperty("distributions", out var d) || d.ValueKind != JsonValueKind.Object)
        {
            return new Distributions(new Dictionary<string, MetricHistogram>(), new Dictionary<string, MetricHistogram>());
        }
        var metrics = d.EnumerateObject().Where(x => x.Name != "output").Select(x => (x.Name, Histogram(x.Value, $"{at}.distributions.{x.Name}")));
        var output = d.TryGetProperty("output", out var o)
            ? o.EnumerateObject().Select(x => (x.Name, Histogram(x.Value, $"{at}.distributions.output.{x.Name}")))
            : [];
        return new Distributions(Ordered(metrics), Ordered(output));
    }

    private static IReadOnlyDictionary<string, MetricStatistics> Map(JsonElement parent, string name, string at) =>
        Ordered(Json.Object(parent, name).EnumerateObject().Select(x => (x.Name, Statistics(x.Value, $"{at}.{name}.{x.Name}"))));

    private static MetricStatistics Statistics(JsonElement e, string at)
    {
        double F(string field) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(field, out var v)
            ? Json.Number(v, $"{at}.{field}")
            : throw new FormatException($"{at} has no number \"{field}\"");
        return new MetricStatistics(F("mean"), F("sd"), F("se"), F("p1"), F("p5"), F("p10"), F("p25"), F("p50"), F("p75"), F("p90"), F("p95"), F("p99"), F("es95"));
    }

    private static MetricHistogram Histogram(JsonElement e, string at) => new(
        Json.Number(Json.Property(e, "lo", at), $"{at}.lo"),
        Json.Number(Json.Property(e, "hi", at), $"{at}.hi"),
        Json.Array(e, "counts").EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var k) && k >= 0
            ? k
            : throw new FormatException($"{at}.counts holds {c} where a count belongs")).ToArray());

    private static OrderedDictionary<string, T> Ordered<T>(IEnumerable<(string Key, T Value)> items)
    {
        var result = new OrderedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            if (!result.TryAdd(key, value))
            {
                throw new FormatException($"the key '{key}' appears twice in one object");
            }
        }
        return result;
    }
}

/// <summary>Checked access to a JSON tree: a missing key or a wrong kind is a <see cref="FormatException"/> naming it.</summary>
internal static class Json
{
    public static JsonElement Property(JsonElement element, string name, string? at = null) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"{(at is null ? "" : at + " ")}needs \"{name}\"; the file is incomplete or not SupplyShock's");

    private static JsonElement Of(JsonElement element, string name, JsonValueKind kind)
    {
        var value = Property(element, name);
        return value.ValueKind == kind
            ? value
            : throw new FormatException($"\"{name}\" should be {kind.ToString().ToLowerInvariant()}, not {value.ValueKind.ToString().ToLowerInvariant()}; the file is incomplete or not SupplyShock's");
    }

    public static JsonElement Object(JsonElement element, string name) => Of(element, name, JsonValueKind.Object);

    public static JsonElement Array(JsonElement element, string name) => Of(element, name, JsonValueKind.Array);

    public static string String(JsonElement element, string name) => Of(element, name, JsonValueKind.String).GetString()!;

    public static long Int64(JsonElement element, string name) =>
        Of(element, name, JsonValueKind.Number).TryGetInt64(out var value) ? value : throw new FormatException($"\"{name}\" should be a whole number");

    public static double Number(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new FormatException($"{at} should be a number, not {value.ValueKind.ToString().ToLowerInvariant()}");

    public static IReadOnlyDictionary<string, string> Strings(JsonElement element, string name)
    {
        var result = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty(name, out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in map.EnumerateObject())
            {
                result[p.Name] = p.Value.GetString() ?? p.Name;
            }
        }
        return result;
    }
}
