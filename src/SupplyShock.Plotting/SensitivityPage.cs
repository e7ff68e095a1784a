namespace SupplyShock.Plotting;

using System.Text;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Sensitivity;
using SupplyShock.Reporting;

/// <summary>
/// The report of <c>supplyshock sensitivity --out DIR</c>: DIR/sensitivity.html (self-contained, charts inline) and
/// DIR/sensitivity.md (image links), each metric's table beside its tornado or Sobol chart.
/// </summary>
public static class SensitivityPage
{
    /// <summary>Draws the charts into DIR/plots and writes both pages; returns the charts.</summary>
    public static IReadOnlyList<ChartSpec> Write(string dir, string scenario, SensitivityResult result, string money, EntityNames names, PlotOptions options)
    {
        var charts = SensitivityCharts.All(result, money, names);
        var svgs = charts.Select(c => ChartRenderer.Save(c, Path.Combine(dir, "plots"), options).ReportSvg).ToArray();
        var tables = SensitivityReport.Tables(result, SensitivityCharts.Shown).ToArray();
        var method = result.Method == SensitivityMethod.Rank ? "rank correlations" : "Sobol indices";

        var html = new StringBuilder();
        ReportPage.Start(html, $"{scenario}: SupplyShock sensitivity ({method})");
        html.Append($"<h1>{ReportPage.E(scenario)}: which assumptions drive the result</h1>\n");
        html.Append($"<p class=\"muted\">{ReportPage.E(SensitivityReport.Heading(scenario, result))}</p>\n<p>{ReportPage.E(SensitivityReport.Legend(result))}</p>\n");
        var md = new StringBuilder();
        md.Append($"# {scenario}: which assumptions drive the result\n\n{SensitivityReport.Heading(scenario, result)}\n\n{SensitivityReport.Legend(result)}\n\n");
        for (var i = 0; i < charts.Count; i++)
        {
            var (title, rows) = tables[i];
            html.Append($"<h2>{ReportPage.E(title)}</h2>\n<table>\n");
            ReportPage.HtmlTable(html, rows);
            html.Append("</table>\n");
            ReportPage.Figure(html, charts[i], svgs[i]);
            md.Append($"## {title}\n\n");
            ReportPage.MarkdownTable(md, rows);
            var format = options.Formats[0].ToString().ToLowerInvariant();
            md.Append($"\n{(format == "pdf" ? "" : "!")}[{charts[i].Title}](plots/{charts[i].FileName}.{format})\n\n{charts[i].Reading}\n\n");
        }
        html.Append("</body>\n</html>\n");
        AtomicFile.WriteText(Path.Combine(dir, "sensitivity.html"), html.ToString());
        AtomicFile.WriteText(Path.Combine(dir, "sensitivity.md"), md.ToString());
        return charts;
    }
}
