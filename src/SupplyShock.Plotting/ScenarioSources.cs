namespace SupplyShock.Plotting;

using System.Text.RegularExpressions;
using SupplyShock.Core.Engine;

/// <summary>One citation in a scenario's comments: where it is, what the line defines, and the sentence itself.</summary>
public sealed record Citation(int Line, string Section, string Entity, string Text);

/// <summary>
/// The citations of a scenario file and the sources files its comments name. <see cref="SourceFiles"/> are relative
/// paths that exist beside the scenario; <see cref="Missing"/> are the absolute .md paths the comments name, which a
/// reader of the report folder cannot follow, so the report can say so.
/// </summary>
public sealed record ScenarioSourceList(IReadOnlyList<Citation> Citations, IReadOnlyList<string> SourceFiles, IReadOnlyList<string> Missing);

/// <summary>
/// Reads a scenario's comments as text (the YAML reader drops them). A comment block (consecutive comment lines at
/// one indentation, ended by a blank comment, a rule such as <c># ----</c> or a heading in capitals) is split into
/// sentences; a sentence is a citation when it carries a confidence tag (<c>[C]</c>, <c>[R/C]</c>, <c>[D on C]</c>),
/// a judgement, a URL, a section of the sources (<c>sources e.10</c>) or a .md file. Its entity is what the line
/// defines: the comment's own line for a trailing comment, else the next line with content.
/// </summary>
public static partial class ScenarioSources
{
    [GeneratedRegex(@"\[[CRDU](?:(?:/| on )[CRDU])*\]|\bjudge?ments?\b|https?://|\(sources\b|\bsources (?:section )?\(?[a-z](?:\.\d+)?\)?(?![a-z])|[\w./-]+\.md\b", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();

    [GeneratedRegex(@"(?<![\w/:.-])(?:\.{1,2}/)*[\w-]+(?:[./][\w-]+)*\.md\b|/[\w./-]+\.md\b")]
    private static partial Regex MarkdownPath();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z""]|\d+\.\s)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"(?:^|[{,]\s*)(id|name|supplier|component|end_use)\s*:\s*(""[^""]*""|[^,}#]+)")]
    private static partial Regex FlowKey();

    public static ScenarioSourceList Read(string scenarioPath, EntityNames names)
    {
        var lines = File.ReadAllLines(scenarioPath);
        var structure = new Structure(lines, names);
        var citations = new List<Citation>();
        var mentioned = new List<string>();
        foreach (var (line, text, attached) in Comments(lines))
        {
            foreach (Match path in MarkdownPath().Matches(text))
            {
                mentioned.Add(path.Value);
            }
            var (section, entity) = structure.At(line, attached);
            citations.AddRange(Sentences(line, text).Where(s => Marker().IsMatch(s.Text)).Select(s => new Citation(s.Line + 1, section, entity, s.Text)));
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(scenarioPath))!;
        var distinct = mentioned.Distinct().ToArray();
        var found = distinct.Where(p => !Path.IsPathRooted(p) && File.Exists(Path.Combine(folder, p))).ToArray();
        // An absolute path cannot be followed by a reader of the report folder: say so. A relative one that is missing
        // (MODEL.md, a repository document) is a reference for developers, not a source of the figures.
        return new ScenarioSourceList(citations, found, distinct.Where(Path.IsPathRooted).ToArray());
    }

    /// <summary>
    /// Comment blocks and trailing comments: first line (0-based), text (block lines joined by newlines), and whether it
    /// is about a content line (a trailing comment, or a block followed at once by content) or stands alone as a note.
    /// </summary>
    private static IEnumerable<(int Line, string Text, bool Attached)> Comments(string[] lines)
    {
        var block = new List<(int Line, string Text)>();
        var indent = -1;
        IEnumerable<(int, string, bool)> Flush()
        {
            if (block.Count > 0)
            {
                var after = block[^1].Line + 1;
                var attached = after < lines.Length && CommentStart(lines[after]) != 0 && lines[after].Trim().Length > 0 && !lines[after].TrimStart().StartsWith('#');
                yield return (block[0].Line, string.Join("\n", block.Select(b => b.Text)), attached);
            }
            block.Clear();
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var hash = CommentStart(lines[i]);
            var before = hash < 0 ? lines[i] : lines[i][..hash];
            var comment = hash < 0 ? null : lines[i][(hash + 1)..].Trim();
            if (before.Trim().Length > 0 || comment is null)
            {
                foreach (var flushed in Flush())
                {
                    yield return flushed;
                }
                if (comment is { Length: > 0 })
                {
                    yield return (i, comment, true); // a trailing comment is about its own line
                }
                continue;
            }
            var thisIndent = hash;
            var words = comment.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var rule = comment.Length == 0 || comment.All(c => !char.IsLetterOrDigit(c)) || (comment.Any(char.IsLetter) && !comment.Any(char.IsLower))
                || (words.Length >= 2 && words.Take(2).All(w => w.Length >= 2 && w.All(char.IsUpper)));
            // "--- FPGAs ($365M)" heads a group of lines: a block of its own, so it is neither glued to the next comment nor lost.
            var heading = comment.StartsWith("---", StringComparison.Ordinal) && comment.Any(char.IsLetter);
            var headingGoesOn = heading && comment.Contains(". ", StringComparison.Ordinal); // "--- DRAM ($6,000M). Micron ..." is the start of a paragraph
            if (rule || heading || thisIndent != indent)
            {
                foreach (var flushed in Flush())
                {
                    yield return flushed;
                }
            }
            indent = thisIndent;
            if (headingGoesOn)
            {
                block.Add((i, comment.TrimStart('-', ' ')));
            }
            else if (heading)
            {
                block.Add((i, comment.TrimStart('-', ' ')));
                foreach (var flushed in Flush())
                {
                    yield return (flushed.Item1, flushed.Item2, false);
                }
            }
            else if (!rule)
            {
                block.Add((i, comment));
            }
        }
        foreach (var flushed in Flush())
        {
            yield return flushed;
        }
    }

    /// <summary>Where a YAML comment starts: a '#' at the line's start or after a space, outside quotes; -1 if none.</summary>
    private static int CommentStart(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'' && (i == 0 || " \t{[,:".Contains(line[i - 1])))
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The sentences of a block, each with the line it starts on (block lines are joined by one space).</summary>
    private static IEnumerable<(int Line, string Text)> Sentences(int line, string text)
    {
        var start = 0;
        foreach (var end in SentenceEnd().Matches(text).Select(m => (m.Index, Next: m.Index + m.Length)).Append((Index: text.Length, Next: text.Length)))
        {
            var sentence = text[start..end.Index].Trim();
            if (sentence.Length > 0)
            {
                yield return (line + text[..start].Count(c => c == '\n'), sentence.Replace('\n', ' '));
            }
            start = end.Next;
        }
    }

    /// <summary>What each content line of the scenario defines: its top-level section and the entity inside it.</summary>
    private sealed class Structure
    {
        private readonly string[] lines;
        private readonly EntityNames names;

        public Structure(string[] lines, EntityNames names) => (this.lines, this.names) = (lines, names);

        /// <summary>The section and entity of a comment at <paramref name="line"/>: the next content line's when attached, else a note in the section it sits in.</summary>
        public (string Section, string Entity) At(int line, bool attached)
        {
            var content = Enumerable.Range(line, lines.Length - line).FirstOrDefault(i => Content(i).Length > 0, -1);
            if (content < 0 || Enumerable.Range(0, content).All(i => Content(i).Length == 0))
            {
                return ("Scenario", "header");
            }
            if (!attached && Content(content).Length > 0 && !char.IsWhiteSpace(lines[content][0]))
            {
                return (At(content, true).Section, "section note"); // a note just above a section's key introduces that section
            }
            if (!attached)
            {
                content = Enumerable.Range(0, line).Reverse().FirstOrDefault(i => Content(i).Length > 0, content);
                return (At(content, true).Section, "section note");
            }
            var section = Enumerable.Range(0, content + 1).Reverse().First(i => Content(i).Length > 0 && !char.IsWhiteSpace(lines[i][0]) && !lines[i].StartsWith('-'));
            var key = Key(Content(section));
            var title = key switch
            {
                "supply" => "Supply edges",
                "bom" => "Bill of materials",
                "end_uses" => "End uses",
                _ => char.ToUpperInvariant(key[0]) + key[1..].Replace('_', ' '),
            };
            if (content == section)
            {
                var value = Content(section)[(key.Length + 1)..].Trim();
                return value.Length > 0 ? ("Scenario", key) : (title, "section note");
            }
            return (title, Entity(key, section, content));
        }

        private string Content(int i)
        {
            var hash = CommentStart(lines[i]);
            return (hash < 0 ? lines[i] : lines[i][..hash]).TrimEnd();
        }

        private static int Indent(string line) => line.Length - line.TrimStart().Length;

        private static string Key(string content) => content.Trim().TrimStart('-', ' ').Split(':')[0].Trim();

        /// <summary>
        /// The list item or mapping key the line belongs to (the nearest line at or above it that starts an item or sits
        /// at the section's own indentation), with the line's own key when it is inside that item; names, not ids.
        /// </summary>
        private string Entity(string section, int sectionLine, int line)
        {
            var childIndent = Indent(Content(NextContent(sectionLine)));
            bool Owns(int i) => Content(i).Length > 0 && Indent(Content(i)) <= Indent(lines[line])
                && (Content(i).TrimStart().StartsWith('-') || Indent(Content(i)) == childIndent);
            var owner = Enumerable.Range(sectionLine + 1, line - sectionLine).Reverse().FirstOrDefault(Owns, line);
            var label = Describe(section, Content(owner));
            var inner = owner != line ? Key(Content(line)) : "";
            var parent = Indent(Content(owner)) > childIndent
                ? Enumerable.Range(sectionLine + 1, owner - sectionLine - 1).Reverse().Where(i => Content(i).Length > 0 && Indent(Content(i)) == childIndent)
                    .Select(i => Describe(section, Content(i))).FirstOrDefault("")
                : "";
            return string.Join(", ", new[] { parent, label, inner }.Where(x => x.Length > 0));
        }

        private int NextContent(int line) => Enumerable.Range(line + 1, lines.Length - line - 1).FirstOrDefault(i => Content(i).Length > 0, line);

        private string Describe(string section, string content)
        {
            var keys = FlowKey().Matches(content.Trim().TrimStart('-', ' '))
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim().Trim('"'), StringComparer.Ordinal);
            if (keys.TryGetValue("supplier", out var supplier) && keys.TryGetValue("component", out var component) && section == "supply")
            {
                return $"{names.Supplier(supplier)}: {names.Component(component)}";
            }
            if (keys.TryGetValue("component", out var c) && keys.TryGetValue("end_use", out var e) && section == "bom")
            {
                return $"{names.Component(c)} in {names.EndUse(e)}";
            }
            if (keys.TryGetValue("id", out var id))
            {
                return section switch
                {
                    "suppliers" => names.Supplier(id),
                    "components" => names.Component(id),
                    "end_uses" => names.EndUse(id),
                    _ => id,
                };
            }
            if (keys.TryGetValue("name", out var name))
            {
                return section == "policies" ? $"rule '{name}'" : name;
            }
            var key = Key(content);
            return section == "policies" ? $"policy {key}" : key;
        }
    }
}
