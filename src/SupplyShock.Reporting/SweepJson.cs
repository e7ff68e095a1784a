namespace SupplyShock.Reporting;

using System.Text.Json;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;

/// <summary>
/// sweep.json (and <c>sweep --format json</c>): the scenario, the run every point shares (seed, trials, sampler, fixed
/// overrides), the axes, and per finished point its values and, per policy, every metric and output with the
/// statistics of <see cref="SweepResults.FieldNames"/>. docs/results.md shows the shape.
/// </summary>
public static class SweepJson
{
    public const string Format = "supplyshock-sweep/1";

    public static void Write(Stream stream, SweepResults sweep)
    {
        var first = sweep.First;
        using var json = DiagnosticReport.JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteStartObject("scenario");
        json.WriteString("name", first.Scenario.Name);
        json.WriteString("file", first.Scenario.File.Replace('\\', '/'));
        json.WriteString("sha256", first.Scenario.Sha256);
        json.WriteString("currency", first.Scenario.Currency);
        json.WriteString("unit", first.Scenario.Unit);
        json.WriteEndObject();

        json.WriteStartObject("run");
        json.WriteString("version", first.Run.Version);
        json.WriteNumber("seed", first.Run.Seed);
        json.WriteNumber("trials", first.Run.Trials);
        json.WriteString("sampler", Simulation.Name(first.Run.Sampler));
        DiagnosticReport.WriteStrings(json, "overrides", sweep.Grid.Fixed);
        json.WriteEndObject();

        json.WriteStartArray("axes");
        foreach (var axis in sweep.Grid.Axes)
        {
            json.WriteStartObject();
            json.WriteString("name", axis.Name);
            json.WriteNumber("from", axis.From);
            json.WriteNumber("step", axis.Step);
            json.WriteNumber("to", axis.To);
            json.WriteStartArray("values");
            foreach (var v in axis.Values)
            {
                json.WriteNumberValue(v);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("points_planned", sweep.Grid.Points.Count);
        json.WriteNumber("points_done", sweep.Points.Count);
        json.WriteBoolean("complete", sweep.Complete);

        json.WriteStartArray("points");
        foreach (var point in sweep.Points)
        {
            json.WriteStartObject();
            json.WriteStartObject("values");
            for (var i = 0; i < sweep.Grid.Axes.Count; i++)
            {
                json.WriteNumber(sweep.Grid.Axes[i].Name, point.Values[i]);
            }
            json.WriteEndObject();
            json.WriteStartObject("policies");
            foreach (var policy in point.Results.Policies)
            {
                json.WriteStartObject(policy.Name);
                Map(json, "metrics", policy.Metrics);
                Map(json, "output", policy.Output);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Map(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, MetricStatistics> map)
    {
        json.WriteStartObject(name);
        foreach (var (key, s) in map)
        {
            json.WriteStartObject(key);
            foreach (var (field, value) in SweepResults.Fields(s))
            {
                json.WriteNumber(field, value);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}
