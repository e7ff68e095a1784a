namespace SupplyShock.Plotting;

using System.Globalization;
using System.Net;
using System.Text;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Reporting;

/// <summary>
/// Charts and the report of a saved run folder: DIR/plots/*.png and *.svg, DIR/report.html (one self-contained file,
/// charts inline as SVG, no network) and DIR/report.md (PNG links). Everything is read from DIR, so a saved run can
/// be redrawn without running the model.
/// </summary>
public static class Report
{
    /// <summary>The folder of DIR that holds the copied sources files; like plots/, every file in it is an output.</summary>
    public const string SourcesFolder = ReportSources.Folder;

    /// <summary>Draws every chart and writes both reports; <paramref name="scenario"/> (for the assumptions) may be null.</summary>
    public static IReadOnlyList<ChartSpec> Write(string dir, RunResults results, ValidScenario? scenario, PlotOptions? options = null)
    {
        options ??= PlotOptions.Default;
        var convergence = PrecisionReport.Read(Path.Combine(dir, PrecisionReport.FileName));
        var charts = Charts.All(results).Concat(Tornadoes(dir, results))
            .Concat(convergence is null ? [] : [Charts.Convergence(results, convergence)]).ToArray();
        var svgs = charts.Select(c => ChartRenderer.Save(c, Path.Combine(dir, "plots"), options).ReportSvg).ToArray();
        var provenance = Provenance(Path.Combine(dir, RunProvenance.FileName));
        var sources = ReportSources.Write(dir, scenario, results.Scenario.Names);
        AtomicFile.WriteText(Path.Combine(dir, "report.html"), Html(results, scenario, provenance, charts, svgs, sources, convergence));
        AtomicFile.WriteText(Path.Combine(dir, "report.md"), Markdown(results, scenario, provenance, charts, sources, options.Formats[0].ToString().ToLowerInvariant(), convergence));
        return charts;
    }

    /// <summary>The file <c>run --out</c> keeps the rank analysis of lost US revenue in, for the report's tornadoes.</summary>
    public const string TornadoFile = "tornado.json";

    /// <summary>Trials a run's tornado ranks: the first this many, so a run of millions keeps bounded memory.</summary>
    public const int TornadoTrials = 100_000;

    /// <summary>A tornado of lost US revenue per policy, when the run kept its ranks (none for an older folder).</summary>
    private static IEnumerable<ChartSpec> Tornadoes(string dir, RunResults results)
    {
        var path = Path.Combine(dir, TornadoFile);
        if (!File.Exists(path))
        {
            return [];
        }
        var ranks = SensitivityReport.Read(File.ReadAllBytes(path));
        return ranks.Metrics.Where(m => m.Rank is not null).Select(m => SensitivityCharts.Tornado(ranks, m, results.Scenario.Money, results.Scenario.Names));
    }

    private static IReadOnlyList<(string Key, string Value)> Provenance(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        if (RunProvenance.Read(path) is not ({ } p, _))
        {
            return [("Provenance", $"{RunProvenance.FileName} could not be read ({RunProvenance.Read(path).Error})")];
        }
        var invariant = CultureInfo.InvariantCulture;
        return
        [
            ("Program", $"supplyshock {p.Version}"),
            ("Scenario file", p.ScenarioFile),
            ("Scenario sha256", p.ScenarioSha256),
            ("Trials", $"{p.Trials.ToString("N0", invariant)} ({p.Sampler}), seed {p.Seed}"
                + (p.Precision is null ? "" : $"; asked --precision {p.Precision} with --max-trials {p.MaxTrials.ToString("N0", invariant)}: {(p.PrecisionReached ? "reached" : "not reached")}")),
            ("Run", $"{p.Started:O} to {p.Finished:O} on {p.Threads} threads ({p.Seconds.ToString(invariant)} s)"),
            ("Machine", $"{p.Machine.Cores} cores, {p.Machine.Os}, {p.Machine.Runtime}"),
        ];
    }

    /// <summary>The policy table: each row a metric, each column a policy, each cell the mean and its 90% interval.</summary>
    private static List<string[]> PolicyTable(RunResults r)
    {
        List<string[]> rows = [["", .. r.Policies.Select(p => p.Name)]];
        void Row(string label, Func<PolicyResults, MetricStatistics?> stats, bool percent)
        {
            var cells = r.Policies.Select(stats).ToArray();
            var format = ReportNumbers.Row(cells, percent, signed: false);
            rows.Add([label, .. cells.Select(s => s is null ? "" : format.Interval(s.Mean, s.P5, s.P95))]);
        }
        Row($"Lost US revenue ({r.Scenario.Money})", p => p.Metrics["us_revenue_lost"], false);
        Row("Share of US baseline lost", p => p.Metrics["us_revenue_lost_share"], true);
        Row("Supply through", p => p.Metrics["supply_through"], true);
        Row("US supply through", p => p.Metrics["us_supply_through"], true);
        foreach (var endUse in r.Policies[0].Output.Keys)
        {
            Row($"Output: {r.Scenario.Names.EndUse(endUse)}", p => p.Output.GetValueOrDefault(endUse), true);
        }
        Row($"Foreign gain ({r.Scenario.Money})", p => p.Metrics["foreign_gain"], false);
        return rows;
    }

    /// <summary>The paired differences as the console prints them: a row per pair A - B, trial by trial on the same draws.</summary>
    private static List<string[]> DifferenceTable(RunResults r)
    {
        // As on the console, a column holds one metric, so a column shares its format.
        (string Metric, bool Percent)[] columns = [("us_revenue_lost", false), ("supply_through", true), ("us_supply_through", true), ("foreign_gain", false)];
        var formats = columns.Select(c => ReportNumbers.Row(r.Differences.Select(d => d.Metrics[c.Metric]).ToArray(), c.Percent, signed: true)).ToArray();
        List<string[]> rows = [["A - B", $"Lost US revenue ({r.Scenario.Money})", "Supply through", "US supply through", $"Foreign gain ({r.Scenario.Money})"]];
        rows.AddRange(r.Differences.Select(d => new[] { $"{d.A} - {d.B}" }
            .Concat(columns.Select((c, k) => formats[k].Interval(d.Metrics[c.Metric].Mean, d.Metrics[c.Metric].P5, d.Metrics[c.Metric].P95))).ToArray()));
        return rows;
    }

    private const string DifferenceNote = "Each row is policy A minus policy B, trial by trial on the same random draws (common random numbers): the mean difference with its 5th and 95th percentiles in brackets. A positive lost-revenue difference means A costs US suppliers more; an interval that excludes zero means the difference holds in at least 95% of trials.";

    /// <summary>Why the auto-stopped run stopped, and how to read the table under it.</summary>
    private static string PrecisionNote(Convergence c) =>
        $"The run {PrecisionReport.Verdict(c)}. Each row is a headline mean with its 95% interval half-width (1.96 standard errors) and that half-width over the mean, worst first; "
        + (c.Relative ? "every row decides the stop." : $"an absolute precision is in {c.Money} and decides on the money metrics only.")
        + $" Checkpoints double from {AutoStop.FirstCheckpoint.ToString("N0", CultureInfo.InvariantCulture)} trials, so these results are those of a run of exactly {c.Trials.ToString("N0", CultureInfo.InvariantCulture)} trials.";

    private static string Heading(RunResults r)
    {
        var periods = r.Scenario.PeriodLabels;
        var span = periods.Count > 0 ? $", {periods[0]} to {periods[^1]}" : "";
        return $"SupplyShock report: {r.Run.Trials.ToString("N0", CultureInfo.InvariantCulture)} trials, seed {r.Run.Seed}, {r.Run.SamplerText}; money in {r.Scenario.Money} over the horizon ({periods.Count} periods{span}).";
    }

    private static IReadOnlyList<string> Assumptions(ValidScenario? s)
    {
        if (s is null)
        {
            return ["The scenario file was not found beside the results, so its assumptions are not listed here."];
        }
        var lines = new List<string>
        {
            $"{s.Suppliers.Count} suppliers ({s.Suppliers.Count(x => x.Us)} US), {s.Components.Count} components, {s.EndUses.Count} end uses, {s.Flows.Count} flows; US suppliers hold {Charts.Percent(s.UsShareOfBaseline)} of baseline purchases ({Charts.Money(s.UsBaselineValue)} of {Charts.Money(s.TotalBaselineValue)} {s.Currency} {s.Unit} a year).",
        };
        lines.AddRange(s.Parameters.Select(p => $"Parameter {p.Name}: {p.Distribution.Describe()}."));
        lines.AddRange(s.Correlations.Select(c => $"Correlation of {c.A} and {c.B}: {c.Rho.ToString(CultureInfo.InvariantCulture)}."));
        foreach (var c in s.Components)
        {
            lines.Add($"Component {c.Id}: stockpile {c.Stockpile.Describe()} months, substitution {c.Substitution.Describe()}, ramp {c.Ramp.Describe()} months.");
        }
        foreach (var p in s.Policies)
        {
            var description = p.Description is { } d ? $" {d}" : "";
            lines.Add($"Policy {p.Name}:{description} Listed: {(p.Listed ? "yes" : "no")}; de minimis {p.DeMinimis.ToString(CultureInfo.InvariantCulture)}; {p.Rules.Count} rules; leakage {p.Leakage.Describe()}; decoupling {p.Decoupling.Describe()}.");
        }
        return lines;
    }

    private static string Html(RunResults r, ValidScenario? scenario, IReadOnlyList<(string Key, string Value)> provenance, IReadOnlyList<ChartSpec> charts, IReadOnlyList<string> svgs, ReportSources sources, Convergence? convergence)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        ReportPage.Start(html, $"{r.Scenario.Name}: SupplyShock report");
        html.Append($"<h1>{E(r.Scenario.Name)}</h1>\n");
        html.Append($"<p class=\"muted\">{E(Heading(r))}</p>\n");
        html.Append("<h2>What each policy does</h2>\n");
        foreach (var reading in Readings.Of(r))
        {
            html.Append($"<p><strong>{E(reading.Policy)}.</strong> {E(reading.Paragraph)}</p>\n");
        }
        html.Append("<h2>Results by policy</h2>\n<p>Each cell is the mean over trials with the 5th and 95th percentiles in brackets; every policy runs on the same trials.</p>\n<table>\n");
        ReportPage.HtmlTable(html, PolicyTable(r));
        html.Append("</table>\n");
        if (r.Differences.Count > 0)
        {
            html.Append($"<h2>Paired differences</h2>\n<p>{E(DifferenceNote)}</p>\n<table>\n");
            ReportPage.HtmlTable(html, DifferenceTable(r));
            html.Append("</table>\n");
        }
        if (convergence is not null)
        {
            html.Append($"<h2>Precision reached</h2>\n<p>{E(PrecisionNote(convergence))}</p>\n<table>\n");
            ReportPage.HtmlTable(html, PrecisionReport.Rows(convergence));
            html.Append("</table>\n");
        }
        html.Append("<h2>Charts</h2>\n");
        for (var i = 0; i < charts.Count; i++)
        {
            ReportPage.Figure(html, charts[i], svgs[i]);
        }
        html.Append("<h2>Assumptions that drive the result</h2>\n<ul>\n");
        foreach (var line in Assumptions(scenario))
        {
            html.Append($"<li>{E(line)}</li>\n");
        }
        html.Append("</ul>\n");
        html.Append(sources.Html());
        html.Append("<h2>Provenance</h2>\n<table>\n");
        foreach (var (key, value) in provenance)
        {
            html.Append($"<tr><th>{E(key)}</th><td style=\"text-align:left\">{E(value)}</td></tr>\n");
        }
        html.Append("</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Markdown(RunResults r, ValidScenario? scenario, IReadOnlyList<(string Key, string Value)> provenance, IReadOnlyList<ChartSpec> charts, ReportSources sources, string imageFormat, Convergence? convergence)
    {
        var md = new StringBuilder();
        md.Append($"# {r.Scenario.Name}\n\n");
        md.Append($"{Heading(r)}\n\n");
        md.Append("## What each policy does\n\n");
        foreach (var reading in Readings.Of(r))
        {
            md.Append($"**{reading.Policy}.** {reading.Paragraph}\n\n");
        }
        md.Append("## Results by policy\n\nEach cell is the mean over trials with the 5th and 95th percentiles in brackets; every policy runs on the same trials.\n\n");
        ReportPage.MarkdownTable(md, PolicyTable(r));
        if (r.Differences.Count > 0)
        {
            md.Append($"\n## Paired differences\n\n{DifferenceNote}\n\n");
            ReportPage.MarkdownTable(md, DifferenceTable(r));
        }
        if (convergence is not null)
        {
            md.Append($"\n## Precision reached\n\n{PrecisionNote(convergence)}\n\n");
            ReportPage.MarkdownTable(md, PrecisionReport.Rows(convergence));
        }
        md.Append("\n## Charts\n\n");
        foreach (var chart in charts)
        {
            // Markdown viewers show PNG and SVG inline; a PDF-only run gets a link instead.
            md.Append(imageFormat == "pdf" ? $"[{chart.Title}](plots/{chart.FileName}.pdf)\n\n{chart.Reading}\n\n" : $"![{chart.Title}](plots/{chart.FileName}.{imageFormat})\n\n{chart.Reading}\n\n");
        }
        md.Append("## Assumptions that drive the result\n\n");
        foreach (var line in Assumptions(scenario))
        {
            md.Append($"- {line}\n");
        }
        md.Append('\n').Append(sources.Markdown());
        md.Append("## Provenance\n\n");
        foreach (var (key, value) in provenance)
        {
            md.Append($"- {key}: {value}\n");
        }
        return md.ToString();
    }
}
