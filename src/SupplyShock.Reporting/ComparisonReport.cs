namespace SupplyShock.Reporting;

using System.Globalization;
using System.Text.Json;

/// <summary>A comparison as a text table, a Markdown table (to paste into a pull request) or JSON. Drift comes first.</summary>
public static class ComparisonReport
{
    private static readonly string[] Header = ["verdict", "policy", "metric", "baseline", "candidate", "difference", "test"];

    public static string Summary(Comparison c)
    {
        var drifted = c.Rows.Count(r => r.Verdict != Verdict.Same);
        var how = c.SameRun
            ? "same scenario, seed, trials, sampler and version: every number must be identical"
            : $"Monte Carlo tests at {Numbers.Plain(c.Options.Sigma)} sigma (baseline seed {c.Baseline.Identity.Seed}, {c.Baseline.Trials} trials; candidate seed {c.Candidate.Identity.Seed}, {c.Candidate.Trials} trials)";
        var verdict = drifted == 0 ? "no drift" : $"{drifted} of {c.Rows.Count} drifted";
        return $"{c.Candidate.Path} against {c.Baseline.Path}: {verdict}; {how}";
    }

    private static IEnumerable<ComparisonRow> Ordered(Comparison c) =>
        c.Rows.Where(r => r.Verdict != Verdict.Same).Concat(c.Rows.Where(r => r.Verdict == Verdict.Same));

    private static string[] Cells(ComparisonRow r) =>
        [Name(r.Verdict), r.Group, r.Metric, N(r.Baseline), N(r.Candidate), N(r.Difference), r.Test];

    public static void WriteTable(TextWriter w, Comparison c, bool withSummary = true)
    {
        var rows = Ordered(c).Select(Cells).Prepend(Header).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            w.WriteLine(string.Join("  ", row.Select((cell, i) => i is >= 3 and <= 5 ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd());
        }
        if (withSummary)
        {
            w.WriteLine();
            w.WriteLine(Summary(c));
        }
    }

    public static void WriteMarkdown(TextWriter w, Comparison c)
    {
        w.WriteLine($"**SupplyShock compare**: {Summary(c)}");
        w.WriteLine();
        w.WriteLine("| " + string.Join(" | ", Header) + " |");
        w.WriteLine("|" + string.Join("|", Header.Select((_, i) => i is >= 3 and <= 5 ? "---:" : "---")) + "|");
        foreach (var r in Ordered(c))
        {
            w.WriteLine("| " + string.Join(" | ", Cells(r).Select(x => x.Replace("|", "\\|"))) + " |");
        }
    }

    public static void WriteJson(Stream stream, Comparison c)
    {
        using var json = DiagnosticReport.JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("baseline", c.Baseline.Path);
        json.WriteString("candidate", c.Candidate.Path);
        json.WriteBoolean("same_run", c.SameRun);
        json.WriteNumber("sigma", c.Options.Sigma);
        json.WriteBoolean("drift", c.Drifted);
        json.WriteStartArray("rows");
        foreach (var r in Ordered(c))
        {
            json.WriteStartObject();
            json.WriteString("verdict", Name(r.Verdict));
            json.WriteString("policy", r.Group);
            json.WriteString("metric", r.Metric);
            WriteNumber(json, "baseline", r.Baseline);
            WriteNumber(json, "candidate", r.Candidate);
            WriteNumber(json, "difference", r.Difference);
            json.WriteString("test", r.Test);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static string Name(Verdict v) => v switch
    {
        Verdict.Same => "same",
        Verdict.Drift => "DRIFT",
        Verdict.NonDeterministic => "NON-DETERMINISTIC",
        Verdict.Added => "ADDED",
        _ => "REMOVED",
    };

    private static string N(double? x) => x is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "";
}
