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
        json.WriteStartArray("periods");
        foreach (var label in results.Scenario.PeriodLabels)
        {
            json.WriteStringValue(label);
        }
        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartObject("run");
        json.WriteString("version", results.Run.Version);
        json.WriteNumber("seed", results.Run.Seed);
        json.WriteNumber("trials", results.Run.Trials);
        json.WriteString("sampler", Simulation.Name(results.Run.Sampler));
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
}
