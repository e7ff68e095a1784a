namespace SupplyShock.Scenarios;

using SupplyShock.Core.Diagnostics;
using SupplyShock.Core.Syntax;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

/// <summary>
/// Builds a located tree from YamlDotNet's parser events. Duplicate keys, aliases to unknown anchors and
/// non-scalar keys become diagnostics; any parser failure becomes one diagnostic at the best position known.
/// </summary>
internal sealed class YamlTree
{
    private readonly IParser parser;
    private readonly string path;
    private readonly DiagnosticBag bag;
    private readonly Dictionary<string, SyntaxNode> anchors = new(StringComparer.Ordinal);
    private SourceLocation lastGood;
    private int depth;

    /// <summary>Deeper nesting than any scenario needs; past it the file is refused before the stack runs out.</summary>
    private const int MaxDepth = 200;

    private YamlTree(string text, string path, DiagnosticBag bag)
    {
        parser = new Parser(new StringReader(text));
        this.path = path;
        this.bag = bag;
        lastGood = new SourceLocation(path, 1, 1);
    }

    public static SyntaxNode? Parse(string text, string path, DiagnosticBag bag)
    {
        var tree = new YamlTree(text, path, bag);
        try
        {
            return tree.ParseStream();
        }
        catch (TooDeepException e)
        {
            bag.Error(e.At, $"the file nests lists and mappings more than {MaxDepth} levels deep; a scenario needs a handful");
            return null;
        }
        catch (YamlException e) when (e.Message.Contains("flow", StringComparison.Ordinal) && tree.ReportUnclosedFlow(text))
        {
            return null;
        }
        catch (YamlException e)
        {
            tree.ReportSyntaxError(text, e.Start.Line > 0 ? tree.At(e.Start) : tree.lastGood, Describe(e));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet throws these on some malformed input (TECH-NOTES): still the user's mistake, so a diagnostic.
            if (!tree.ReportUnclosedFlow(text))
            {
                tree.ReportSyntaxError(text, tree.lastGood, "the parser stopped here; check the indentation and punctuation of this line and the one before");
            }
            return null;
        }
    }

    private SyntaxNode? ParseStream()
    {
        Expect<StreamStart>();
        if (parser.Current is StreamEnd)
        {
            bag.Error(lastGood, "the file is empty (it holds only comments)");
            return null;
        }
        Expect<DocumentStart>();
        var root = ReadNode();
        Expect<DocumentEnd>();
        if (parser.Current is DocumentStart second)
        {
            bag.Error(At(second.Start), "a scenario file holds one YAML document; remove this '---' and what follows, or split the file");
            return null;
        }
        return root;
    }

    private T Expect<T>()
        where T : ParsingEvent
    {
        if (parser.Current is null && !parser.MoveNext())
        {
            throw new YamlException("unexpected end of file");
        }
        if (parser.Current is not T current)
        {
            throw new YamlException(parser.Current!.Start, parser.Current.End, $"unexpected {parser.Current.GetType().Name}");
        }
        lastGood = At(current.Start);
        parser.MoveNext();
        return current;
    }

    private SyntaxNode ReadNode()
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of file");
        if (depth > MaxDepth)
        {
            throw new TooDeepException(At(current.Start));
        }
        depth++;
        try
        {
            return ReadNodeAt(current);
        }
        finally
        {
            depth--;
        }
    }

    private sealed class TooDeepException(SourceLocation at) : Exception("nesting too deep")
    {
        public SourceLocation At { get; } = at;
    }

    private SyntaxNode ReadNodeAt(ParsingEvent current)
    {
        lastGood = At(current.Start);
        switch (current)
        {
            case Scalar scalar:
                parser.MoveNext();
                return Anchor(scalar, new ScalarNode(At(scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain));
            case AnchorAlias alias:
                parser.MoveNext();
                if (anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    // The alias is a use of its own: problems with it are reported where it stands.
                    return Relocate(target, At(alias.Start));
                }
                bag.Error(At(alias.Start), $"alias '*{alias.Value}' refers to no anchor '&{alias.Value}' above it");
                return new InvalidNode(At(alias.Start));
            case SequenceStart start:
            {
                parser.MoveNext();
                var items = new List<SyntaxNode>();
                while (parser.Current is not SequenceEnd)
                {
                    items.Add(ReadNode());
                }
                parser.MoveNext();
                return Anchor(start, new SequenceNode(At(start.Start), items));
            }
            case MappingStart start:
            {
                parser.MoveNext();
                var entries = new List<MappingEntry>();
                var seen = new Dictionary<string, ScalarNode>(StringComparer.Ordinal);
                while (parser.Current is not MappingEnd)
                {
                    var keyNode = ReadNode();
                    var value = ReadNode();
                    if (keyNode is not ScalarNode key)
                    {
                        bag.Error(keyNode.Location, "a key must be plain text, not a list or a mapping");
                        continue;
                    }
                    if (seen.TryGetValue(key.Text, out var first))
                    {
                        bag.Error(key.Location, $"duplicate key '{key.Text}' (first at line {first.Location.Line}); a key may appear once in a mapping");
                        continue;
                    }
                    seen[key.Text] = key;
                    entries.Add(new MappingEntry(key, value));
                }
                parser.MoveNext();
                return Anchor(start, new MappingNode(At(start.Start), entries));
            }
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    /// <summary>
    /// An unclosed '{' or '[' makes YamlDotNet fail far from the cause, sometimes with an internal message.
    /// Scan the text (skipping quotes and comments) for the first one never closed, and report it there.
    /// </summary>
    private bool ReportUnclosedFlow(string text)
    {
        var open = new Stack<(int Line, int Column, char Bracket)>();
        var (line, column) = (1, 0);
        char? quote = null;
        var previous = '\n';
        foreach (var ch in text)
        {
            column++;
            if (ch == '\n')
            {
                (line, column, previous) = (line + 1, 0, ch);
                if (quote == '\n')
                {
                    quote = null; // a comment ends with its line; quoted scalars may go on
                }
                continue;
            }
            if (quote is { } q)
            {
                if (ch == q)
                {
                    quote = null;
                }
            }
            else if (ch == '#' && char.IsWhiteSpace(previous))
            {
                quote = '\n'; // a comment runs to the end of the line
            }
            else if ((ch == '"' || ch == '\'') && (previous is ' ' or '\t' or '{' or '[' or ',' or ':' || column == 1))
            {
                quote = ch;
            }
            else if (ch is '{' or '[')
            {
                open.Push((line, column, ch));
            }
            else if (ch is '}' or ']' && open.Count > 0)
            {
                open.Pop();
            }
            previous = ch;
        }
        if (open.Count == 0)
        {
            return false;
        }
        var first = open.Reverse().First();
        var message = first.Bracket == '{'
            ? "a '{' opens a flow mapping here and is never closed; add the missing '}'"
            : "a '[' opens a flow sequence here and is never closed; add the missing ']'";
        bag.Error(new SourceLocation(path, first.Line, first.Column), $"YAML syntax error: {message}");
        return true;
    }

    private static SyntaxNode Relocate(SyntaxNode node, SourceLocation at) => node switch
    {
        ScalarNode s => s with { Location = at },
        SequenceNode q => new SequenceNode(at, q.Items.Select(i => Relocate(i, at)).ToArray()),
        MappingNode m => new MappingNode(at, m.Entries.Select(e => new MappingEntry((ScalarNode)Relocate(e.Key, at), Relocate(e.Value, at))).ToArray()),
        _ => node with { Location = at },
    };

    private SyntaxNode Anchor(NodeEvent e, SyntaxNode node)
    {
        if (!e.Anchor.IsEmpty)
        {
            anchors[e.Anchor.Value] = node;
        }
        return node;
    }

    private SourceLocation At(Mark mark) => new(path, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static string Describe(YamlException e)
    {
        var message = e.Message;
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 40) - (Line: ...): "; the location is ours to print.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0)
        {
            message = message[(cut + 3)..];
        }
        return message.TrimEnd('.');
    }

    /// <summary>Tabs used for indentation make YamlDotNet report line 1, column 1; point at the first such line instead (TECH-NOTES).</summary>
    private void ReportSyntaxError(string text, SourceLocation at, string message)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            if (lines[i].AsSpan(0, indent).Contains('\t') && lines[i].Trim().Length > 0)
            {
                bag.Error(new SourceLocation(path, i + 1, lines[i].IndexOf('\t') + 1), "YAML syntax error: a tab is used for indentation; YAML indents with spaces only");
                return;
            }
        }
        // The parser may point one line past the end of the file; keep the location inside it.
        var lastLine = lines.Length - (lines[^1].Length == 0 ? 1 : 0);
        if (at.Line > lastLine)
        {
            at = at with { Line = Math.Max(1, lastLine), Column = lines[Math.Max(0, lastLine - 1)].Length + 1 };
        }
        bag.Error(at, $"YAML syntax error: {message}");
    }
}
