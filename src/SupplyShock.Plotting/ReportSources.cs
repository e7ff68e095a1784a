namespace SupplyShock.Plotting;

using System.Globalization;
using System.Net;
using System.Text;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Reporting;

/// <summary>
/// The report's sources section: every citation the scenario's comments make, grouped by the section of the scenario
/// they sit in, and the sources files the comments name, copied into DIR/sources so the report folder stands alone.
/// </summary>
internal sealed record ReportSources(string? ScenarioFile, ScenarioSourceList? List, IReadOnlyList<string> Copied)
{
    /// <summary>The folder inside DIR that holds the copied sources files (an output the tool owns).</summary>
    public const string Folder = "sources";

    private const string Legend = "Each row is a sentence of the scenario's comments that cites a source, carries a confidence tag ([C] confirmed, [R] reported, [D] derived, [U] unconfirmed, as the scenario uses them) or marks a judgement, with its line in the scenario file and what that line defines.";

    /// <summary>Reads the scenario's comments and copies the sources files into <paramref name="dir"/>; nothing when the scenario is not available.</summary>
    public static ReportSources Write(string dir, ValidScenario? scenario, EntityNames names)
    {
        if (scenario is null || !File.Exists(scenario.SourcePath))
        {
            return new(null, null, []);
        }
        var list = ScenarioSources.Read(scenario.SourcePath, names);
        var folder = Path.GetDirectoryName(Path.GetFullPath(scenario.SourcePath))!;
        var copied = new List<string>();
        foreach (var file in list.SourceFiles)
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder, file));
            AtomicFile.Write(Path.Combine(dir, Folder, Path.GetFileName(file)), stream => stream.Write(bytes));
            copied.Add($"{Folder}/{Path.GetFileName(file)}");
        }
        return new(scenario.SourcePath, list, copied);
    }

    /// <summary>The paragraphs above the tables, with <paramref name="link"/> making a relative link (HTML or Markdown).</summary>
    private IEnumerable<string> Intro(Func<string, string> text, Func<string, string, string> link)
    {
        if (List is null)
        {
            yield return text("The scenario file is not available beside the results, so the sources its comments cite are not listed.");
            yield break;
        }
        var file = Path.GetFileName(ScenarioFile!);
        if (Copied.Count > 0)
        {
            var links = string.Join(", ", Copied.Select(c => link(Path.GetFileName(c), c)));
            yield return text("The scenario's sources file: ") + links + text(", copied beside this report from the scenario's folder.");
        }
        if (List.Missing.Count > 0)
        {
            yield return text($"The comments of {file} also name {string.Join(", ", List.Missing)} by an absolute path, which is not copied: ship it beside the scenario and refer to it by a relative path.");
        }
        if (List.Citations.Count == 0)
        {
            yield return text("The scenario's comments cite no sources.");
            yield break;
        }
        var judgements = List.Citations.Count(c => c.Text.Contains("judgement", StringComparison.OrdinalIgnoreCase));
        yield return text($"{List.Citations.Count.ToString("N0", CultureInfo.InvariantCulture)} citations in the comments of {file}, "
            + $"{judgements.ToString("N0", CultureInfo.InvariantCulture)} of them judgements. {Legend}");
    }

    private IEnumerable<IGrouping<string, Citation>> Groups() => (List?.Citations ?? []).GroupBy(c => c.Section);

    public string Html()
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder("<h2>Sources</h2>\n");
        foreach (var paragraph in Intro(E, (label, href) => $"<a href=\"{E(href)}\">{E(label)}</a>"))
        {
            html.Append($"<p>{paragraph}</p>\n");
        }
        foreach (var group in Groups())
        {
            html.Append($"<h3>{E(group.Key)}</h3>\n<table class=\"sources\">\n<tr><th>Line</th><th>Defines</th><th>Comment</th></tr>\n");
            foreach (var c in group)
            {
                html.Append($"<tr><td>{c.Line}</td><td>{E(c.Entity)}</td><td>{E(c.Text)}</td></tr>\n");
            }
            html.Append("</table>\n");
        }
        return html.ToString();
    }

    public string Markdown()
    {
        static string M(string text) => text.Replace("|", "\\|");
        var md = new StringBuilder("## Sources\n\n");
        foreach (var paragraph in Intro(t => t, (label, href) => $"[{label}]({href})"))
        {
            md.Append($"{paragraph}\n\n");
        }
        foreach (var group in Groups())
        {
            md.Append($"### {group.Key}\n\n| Line | Defines | Comment |\n|---:|---|---|\n");
            foreach (var c in group)
            {
                md.Append($"| {c.Line} | {M(c.Entity)} | {M(c.Text)} |\n");
            }
            md.Append('\n');
        }
        return md.ToString();
    }
}
