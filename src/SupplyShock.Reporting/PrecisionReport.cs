namespace SupplyShock.Reporting;

using System.Globalization;
using System.Text.Json;
using SupplyShock.Core.Engine;

/// <summary>
/// What an auto-stopped run (<c>run --precision</c>, issue 10) says: why it stopped, the precision reached per headline
/// mean, and convergence.json (the checkpoints and readings, so <c>plot DIR</c> redraws the convergence chart and its table).
/// </summary>
public static class PrecisionReport
{
    public const string FileName = "convergence.json";

    /// <summary>"stopped at T trials: every headline mean within P" or "reached --max-trials N before P: worst is ...".</summary>
    public static string Verdict(Convergence c)
    {
        var trials = c.Trials.ToString("N0", CultureInfo.InvariantCulture);
        if (c.Reached)
        {
            return $"stopped at {trials} trials: every headline mean within {Asked(c)} (95% interval half-width{(c.Relative ? " over the mean" : ", money metrics")})";
        }
        var worst = c.Worst;
        return $"reached --max-trials {c.MaxTrials.ToString("N0", CultureInfo.InvariantCulture)} before {Asked(c)}: worst is {worst.Metric} ({worst.Policy}) at {Reached(c, worst)}";
    }

    /// <summary>The precision asked, with its unit when it is an amount: <c>0.5%</c> or <c>10 USD million</c>.</summary>
    private static string Asked(Convergence c) => c.Relative ? c.Precision : $"{c.Precision} {c.Money}";

    /// <summary>The precision a reading reached, in the target's terms: a share of the mean, or an amount.</summary>
    public static string Reached(Convergence c, PrecisionReading r) =>
        c.Relative ? Percent(r.RelativeHalfWidth) : Number(r.HalfWidth);

    /// <summary>Rows (header first): metric, policy, mean, 95% half-width, half-width over the mean; worst first, the first <paramref name="top"/>.</summary>
    public static List<string[]> Rows(Convergence c, int top = int.MaxValue)
    {
        List<string[]> rows = [["Metric", "Policy", "Mean", "95% half-width", "Relative", "Within"]];
        rows.AddRange(c.Readings.OrderByDescending(c.Shortfall).Take(top).Select(r =>
            new[] { r.Metric, r.Policy, Number(r.Mean), Number(r.HalfWidth), Percent(r.RelativeHalfWidth), c.Decides(r) ? (c.Met(r) ? "yes" : "no") : "not checked" }));
        return rows;
    }

    /// <summary>The verdict and the worst few readings, aligned, for the console.</summary>
    public static void Write(TextWriter w, Convergence c, int top = 5)
    {
        w.WriteLine();
        w.WriteLine(Verdict(c));
        var rows = Rows(c, top);
        w.WriteLine($"Precision reached, worst {rows.Count - 1} of {c.Readings.Count} headline means{(c.Relative ? "" : $" (an absolute precision in {c.Money} bounds the money metrics only)")}:");
        var widths = Enumerable.Range(0, rows[0].Length).Select(j => rows.Max(r => r[j].Length)).ToArray();
        foreach (var row in rows)
        {
            w.WriteLine("  " + string.Join("  ", row.Select((cell, j) => j < 2 ? cell.PadRight(widths[j]) : cell.PadLeft(widths[j]))).TrimEnd());
        }
    }

    internal static string Number(double x) => Math.Abs(x) >= 1000
        ? x.ToString("N0", CultureInfo.InvariantCulture)
        : x.ToString("G4", CultureInfo.InvariantCulture);

    internal static string Percent(double share) => double.IsPositiveInfinity(share)
        ? "inf"
        : (share * 100).ToString(share >= 0.1 ? "0.#" : "0.###", CultureInfo.InvariantCulture) + "%";

    public static void WriteJson(Stream stream, Convergence run)
    {
        using var w = DiagnosticReport.JsonWriter(stream);
        w.WriteStartObject();
        w.WriteString("precision", run.Precision);
        w.WriteBoolean("relative", run.Relative);
        w.WriteNumber("precision_value", run.Target.Value);
        w.WriteNumber("max_trials", run.MaxTrials);
        w.WriteBoolean("reached", run.Reached);
        w.WriteNumber("trials", run.Trials);
        w.WriteString("money", run.Money);
        w.WriteStartArray("checkpoints");
        foreach (var checkpoint in run.Checkpoints)
        {
            w.WriteStartObject();
            w.WriteNumber("trials", checkpoint.Trials);
            w.WriteStartArray("us_revenue_lost");
            foreach (var m in checkpoint.Means)
            {
                w.WriteStartObject();
                w.WriteString("policy", m.Policy);
                w.WriteNumber("mean", m.Mean);
                w.WriteNumber("se", m.Se);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("readings");
        foreach (var r in run.Readings)
        {
            w.WriteStartObject();
            w.WriteString("metric", r.Metric);
            w.WriteString("policy", r.Policy);
            w.WriteNumber("mean", r.Mean);
            w.WriteNumber("half_width", r.HalfWidth);
            w.WriteBoolean("money", r.Money);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Reads what <see cref="WriteJson"/> wrote; null when the file is missing or not one.</summary>
    public static Convergence? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            return new Convergence(
                new PrecisionTarget(root.GetProperty("precision_value").GetDouble(), root.GetProperty("relative").GetBoolean()),
                root.GetProperty("max_trials").GetInt64(),
                root.GetProperty("reached").GetBoolean(),
                root.GetProperty("trials").GetInt64(),
                root.GetProperty("money").GetString() ?? "",
                root.GetProperty("checkpoints").EnumerateArray().Select(c => new Checkpoint(
                    c.GetProperty("trials").GetInt64(),
                    c.GetProperty("us_revenue_lost").EnumerateArray().Select(m => new CheckpointMean(
                        m.GetProperty("policy").GetString()!, m.GetProperty("mean").GetDouble(), m.GetProperty("se").GetDouble())).ToArray())).ToArray(),
                root.GetProperty("readings").EnumerateArray().Select(r => new PrecisionReading(
                    r.GetProperty("metric").GetString()!, r.GetProperty("policy").GetString()!, r.GetProperty("mean").GetDouble(),
                    r.GetProperty("half_width").GetDouble(), r.GetProperty("money").GetBoolean())).ToArray());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>An auto-stopped run's path, as convergence.json holds it: the one vocabulary of the console, the chart and the report.</summary>
public sealed record Convergence(
    PrecisionTarget Target,
    long MaxTrials,
    bool Reached,
    long Trials,
    string Money,
    IReadOnlyList<Checkpoint> Checkpoints,
    IReadOnlyList<PrecisionReading> Readings)
{
    public static Convergence Of(AutoStopResults run) =>
        new(run.Target, run.MaxTrials, run.Reached, run.Results.Run.Trials, run.Results.Scenario.Money, run.Checkpoints, run.Readings);

    public string Precision => Target.ToString();

    public bool Relative => Target.Relative;

    /// <summary>Whether a reading decides the stop: every one under a relative precision, the money metrics under an absolute one.</summary>
    public bool Decides(PrecisionReading r) => Target.Relative || r.Money;

    public bool Met(PrecisionReading r) => Target.Met(r);

    /// <summary>How many times its allowance a reading's half-width is (above 1 misses); readings that do not decide sort last.</summary>
    public double Shortfall(PrecisionReading r) => !Decides(r) ? -1 : Target.Relative ? r.RelativeHalfWidth / Target.Value : r.HalfWidth / Target.Value;

    public PrecisionReading Worst => Readings.MaxBy(Shortfall) ?? throw new InvalidOperationException("a run with no headline mean");
}
