namespace SupplyShock.Scenarios;

using SupplyShock.Core.Diagnostics;
using SupplyShock.Core.Syntax;
using SupplyShock.Core.Validation;

/// <summary>
/// Reads a CSV table (RFC 4180: comma separated, double quotes, a header row) into a list of row mappings whose
/// nodes point at each cell's own line and column, so the validator's messages land in the CSV file.
/// A general CSV library does not report the column of each cell; this reader does, and stays allocation-light.
/// </summary>
internal static class CsvTableReader
{
    private readonly record struct Cell(string Text, int Line, int Column, bool Quoted);

    public static SyntaxNode Read(string text, string shownPath, ScenarioSchema.Table table, DiagnosticBag bag)
    {
        var rows = Parse(text, shownPath, bag, out var malformed);
        if (malformed)
        {
            return new InvalidNode(new SourceLocation(shownPath, 1, 1));
        }
        if (rows.Count == 0)
        {
            bag.Error(new SourceLocation(shownPath, 1, 1), $"the CSV file has no header row; the first row names the columns ({string.Join(",", table.Columns)})");
            return new InvalidNode(new SourceLocation(shownPath, 1, 1));
        }

        var header = rows[0];
        var keys = new ScalarNode?[header.Count];
        var suggested = new HashSet<string>();
        var ok = true;
        for (var i = 0; i < header.Count; i++)
        {
            var cell = header[i];
            var at = new SourceLocation(shownPath, cell.Line, cell.Column);
            if (!table.Columns.Contains(cell.Text))
            {
                var columns = string.Join(", ", table.Columns);
                bag.Error(at, Suggestions.Closest(cell.Text, table.Columns) is { } near
                    ? $"{table.Key}: unknown column '{cell.Text}'; did you mean '{near}'? (the columns are {columns})"
                    : $"{table.Key}: unknown column '{cell.Text}'; the columns are {columns}");
                suggested.Add(Suggestions.Closest(cell.Text, table.Columns) ?? "");
                continue;
            }
            if (keys.Any(k => k?.Text == cell.Text))
            {
                bag.Error(at, $"{table.Key}: column '{cell.Text}' appears twice in the header");
                ok = false;
                continue;
            }
            keys[i] = new ScalarNode(at, cell.Text, true);
        }
        foreach (var column in table.Required.Where(r => !keys.Any(k => k?.Text == r)))
        {
            // A misspelt header cell was already reported with this column as its suggestion.
            if (!suggested.Contains(column))
            {
                bag.Error(new SourceLocation(shownPath, header[0].Line, 1), $"{table.Key}: missing required column '{column}'");
            }
            ok = false;
        }
        if (!ok)
        {
            return new InvalidNode(new SourceLocation(shownPath, 1, 1));
        }

        var items = new List<SyntaxNode>(rows.Count - 1);
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            var rowAt = new SourceLocation(shownPath, row[0].Line, 1);
            if (row.Count != header.Count)
            {
                // Its cells are misaligned, so reading them would only add wrong messages; the other rows are still read.
                bag.Error(rowAt, $"{table.Key}: this row has {row.Count} cells but the header has {header.Count}");
                items.Add(new InvalidNode(rowAt));
                continue;
            }
            var entries = new List<MappingEntry>(row.Count);
            for (var i = 0; i < row.Count; i++)
            {
                if (keys[i] is not { } key)
                {
                    continue;
                }
                if (row[i].Text.Length == 0)
                {
                    // An empty cell takes the default, as if the key were left out (FORMAT.md); in a required
                    // column it stays, empty, so the message points at the cell.
                    if (table.Required.Contains(key.Text))
                    {
                        entries.Add(new MappingEntry(key, new ScalarNode(new SourceLocation(shownPath, row[i].Line, row[i].Column), "", IsPlain: true)));
                    }
                    continue;
                }
                entries.Add(new MappingEntry(key, Value(row[i], shownPath, table.ListColumns.Contains(key.Text))));
            }
            items.Add(new MappingNode(rowAt, entries));
        }
        return ok ? new SequenceNode(new SourceLocation(shownPath, 1, 1), items) : new InvalidNode(new SourceLocation(shownPath, 1, 1));
    }

    /// <summary>A cell; a list column (tags) splits on ';' into a list, each item keeping its own column.</summary>
    private static SyntaxNode Value(Cell cell, string shownPath, bool isList)
    {
        var at = new SourceLocation(shownPath, cell.Line, cell.Column);
        if (!isList)
        {
            return new ScalarNode(at, cell.Text, IsPlain: true);
        }
        var items = new List<SyntaxNode>();
        var offset = cell.Quoted ? 1 : 0;
        foreach (var part in cell.Text.Split(';'))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                var column = cell.Column + offset + part.IndexOf(trimmed[0]);
                items.Add(new ScalarNode(new SourceLocation(shownPath, cell.Line, column), trimmed, IsPlain: true));
            }
            offset += part.Length + 1;
        }
        return new SequenceNode(at, items);
    }

    /// <summary>Splits text into rows of cells with their positions; blank lines are skipped.</summary>
    private static List<List<Cell>> Parse(string text, string shownPath, DiagnosticBag bag, out bool malformed)
    {
        malformed = false;
        var rows = new List<List<Cell>>();
        var row = new List<Cell>();
        var line = 1;
        var lineStart = 0;
        var i = 0;
        var buffer = new System.Text.StringBuilder();
        while (i <= text.Length)
        {
            // Skip the spaces before a cell; a cell's column is where its text begins.
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
            {
                i++;
            }
            var cellLine = line;
            var cellColumn = i - lineStart + 1;
            string value;
            var quoted = i < text.Length && text[i] == '"';
            if (quoted)
            {
                var openLine = line;
                var openColumn = cellColumn;
                i++;
                buffer.Clear();
                var closed = false;
                while (i < text.Length)
                {
                    var ch = text[i];
                    if (ch == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            buffer.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    if (ch == '\n')
                    {
                        line++;
                        lineStart = i + 1;
                    }
                    buffer.Append(ch);
                    i++;
                }
                if (!closed)
                {
                    bag.Error(new SourceLocation(shownPath, openLine, openColumn), "unterminated quoted cell: a '\"' opens here and is never closed");
                    malformed = true;
                    return rows;
                }
                while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
                {
                    i++;
                }
                if (i < text.Length && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                {
                    bag.Error(new SourceLocation(shownPath, line, i - lineStart + 1), "unexpected text after a closing quote; a quoted cell must end at ',' or the end of the line (write \"\" for a quote inside it)");
                    malformed = true;
                    return rows;
                }
                value = buffer.ToString();
            }
            else
            {
                var start = i;
                while (i < text.Length && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                {
                    if (text[i] == '"')
                    {
                        bag.Error(new SourceLocation(shownPath, line, i - lineStart + 1), "a '\"' inside an unquoted cell; quote the whole cell and write the quote as \"\"");
                        malformed = true;
                        return rows;
                    }
                    i++;
                }
                value = text[start..i].TrimEnd(' ', '\t');
            }
            row.Add(new Cell(value, cellLine, cellColumn, quoted));

            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }
            // End of a row: a newline or the end of the text.
            if (!(row.Count == 1 && row[0].Text.Length == 0 && !row[0].Quoted))
            {
                rows.Add(row);
            }
            row = [];
            if (i >= text.Length)
            {
                break;
            }
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }
            i++;
            line++;
            lineStart = i;
        }
        return rows;
    }
}
