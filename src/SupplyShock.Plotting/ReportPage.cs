namespace SupplyShock.Plotting;

using System.Net;
using System.Text;

/// <summary>The parts every report page shares: a self-contained HTML head for screen and A4, tables, and charts inline as SVG.</summary>
internal static class ReportPage
{
    public static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The document's head and style, up to the opened body.</summary>
    public static void Start(StringBuilder html, string title)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append($"<title>{E(title)}</title>\n");
        html.Append("""
            <style>
            @page { size: A4; margin: 16mm; }
            body { font-family: "DejaVu Sans", Arial, sans-serif; color: #111; max-width: 190mm; margin: 0 auto; line-height: 1.4; }
            h1 { font-size: 22pt; margin-bottom: 0; } h2 { font-size: 15pt; border-bottom: 1px solid #999; margin-top: 1.6em; }
            table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 0.5em 0; }
            th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: right; vertical-align: top; }
            th:first-child, td:first-child { text-align: left; }
            figure { margin: 1em 0; break-inside: avoid; page-break-inside: avoid; }
            figure svg { width: 100%; height: auto; }
            figcaption { font-size: 10pt; color: #333; }
            .muted { color: #555; font-size: 9pt; }
            h3 { font-size: 12pt; margin-bottom: 0.2em; }
            table.sources td { text-align: left; } table.sources td:first-child { text-align: right; width: 3em; }
            </style>
            </head>
            <body>

            """);
    }

    /// <summary>A chart inline, with a viewBox so it scales to the page's width (on screen and on A4) instead of being cropped.</summary>
    public static void Figure(StringBuilder html, ChartSpec chart, string svg)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var (width, height) = (PlotOptions.Default.Width, PlotOptions.Default.Height);
        var size = $"width=\"{width}\" height=\"{height}\"";
        var body = start >= 0 ? svg[start..] : svg;
        var tagEnd = body.IndexOf('>') + 1;
        var inline = body[..tagEnd].Replace(size, $"viewBox=\"0 0 {width} {height}\" width=\"100%\"") + body[tagEnd..];
        html.Append($"<figure id=\"{chart.FileName}\">\n{inline}\n<figcaption>{E(chart.Reading)}</figcaption>\n</figure>\n");
    }

    public static void HtmlTable(StringBuilder html, List<string[]> table)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        html.Append("<tr>" + string.Concat(table[0].Select(c => $"<th>{E(c)}</th>")) + "</tr>\n");
        foreach (var row in table.Skip(1))
        {
            html.Append("<tr>" + string.Concat(row.Select((c, i) => i == 0 ? $"<th>{E(c)}</th>" : $"<td>{E(c)}</td>")) + "</tr>\n");
        }
    }

    public static void MarkdownTable(StringBuilder md, List<string[]> table)
    {
        static string M(string text) => text.Replace("|", "\\|");
        md.Append("| " + string.Join(" | ", table[0].Select(M)) + " |\n");
        md.Append("|" + string.Join("|", table[0].Select((_, i) => i == 0 ? "---" : "---:")) + "|\n");
        foreach (var row in table.Skip(1))
        {
            md.Append("| " + string.Join(" | ", row.Select(M)) + " |\n");
        }
    }

}
