namespace SupplyShock.Reporting;

using System.Globalization;
using System.Text.Json;

/// <summary>A comparison as a text table, a Markdown table (to paste into a pull request) or JSON. Drift comes first.</summary>
public static class ComparisonReport
{
    private static readonly string[] Header = ["verdict", "policy", "metric", "baseline", "candidate", "difference", "test"];

    public static string Summary(Comparison c)
    {
        var drifted = c.Rows.Count(r => r.Verdict is not (Verdict.Same or Verdict.NotTested));
        var how = c.SameRun
            ? "same scenario, seed, trials, sampler and version: every number must be identical"
            : $"Monte Carlo tests at {Numbers.Plain(c.Options.Sigma)} sigma (baseline seed {c.Baseline.Identity.Seed}, {c.Baseline.Trials} trials; candidate seed {c.Candidate.Identity.Seed}, {c.Candidate.Trials} trials)"
              + (c.Pairing.Used ? ", headline metrics paired trial by trial" : "");
        var verdict = drifted == 0 ? "no drift" : $"{drifted} of {c.Rows.Count} drifted";
        var untested = c.NotTested > 0 ? $", {c.NotTested} not tested" : "";
        return $"{c.Candidate.Path} against {c.Baseline.Path}: {verdict}{untested}; {how}";
    }

    /// <summary>Which test the headline metrics got and why, or null for the same run (compared exactly).</summary>
    public static string? Method(Comparison c) =>
        c.SameRun ? null
        : c.Pairing.Used ? $"paired test: the headline metrics are compared trial by trial ({c.Pairing.Reason})"
        : $"not paired: {c.Pairing.Reason}; every metric is compared as two independent samples";

    /// <summary>What moved first, then what could not be tested, then the rest.</summary>
    private static IEnumerable<ComparisonRow> Ordered(Comparison c) =>
        c.Rows.OrderBy(r => r.Verdict switch { Verdict.Same => 2, Verdict.NotTested => 1, _ => 0 });

    private static string[] Cells(ComparisonRow r) =>
        [Name(r.Verdict), r.Group, r.Metric, N(r.Baseline), N(r.Candidate), N(r.Difference), r.Test];

    public static void WriteTable(TextWriter w, Comparison c, bool withSummary = true)
    {
        if (withSummary && Method(c) is { } method)
        {
            w.WriteLine(method);
            w.WriteLine();
        }
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
        if (Method(c) is { } method)
        {
            w.WriteLine(method);
            w.WriteLine();
        }
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
        json.WriteBoolean("paired", c.Pairing.Used);
        json.WriteString("paired_reason", c.Pairing.Reason);
        json.WriteBoolean("drift", c.Drifted);
        json.WriteNumber("not_tested", c.NotTested);
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
        Verdict.NotTested => "NOT TESTED",
        _ => "REMOVED",
    };

    private static string N(double? x) => x is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "";
}
