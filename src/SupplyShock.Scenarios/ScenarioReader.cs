namespace SupplyShock.Scenarios;

using System.Security.Cryptography;
using SupplyShock.Core.Diagnostics;
using SupplyShock.Core.Syntax;
using SupplyShock.Core.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

/// <summary>What reading gave: a document (possibly with unreadable tables) and what went wrong.</summary>
public sealed record ReadResult(ScenarioDocument? Document, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Reads a scenario file (FORMAT.md) into a located tree: YAML through YamlDotNet's event parser, so every node
/// keeps its line and column, and CSV tables in place of their paths.
/// </summary>
public static class ScenarioReader
{
    public static ReadResult Read(string path)
    {
        var bag = new DiagnosticBag();
        var document = Read(path, bag);
        return new ReadResult(document, bag.Sorted());
    }

    /// <summary>Reads scenario text as if it were the file <paramref name="path"/> (CSV paths resolve beside it).</summary>
    public static ReadResult ReadText(string text, string path)
    {
        var bag = new DiagnosticBag();
        var document = Parse(text, System.Text.Encoding.UTF8.GetBytes(text), path, bag);
        return new ReadResult(document, bag.Sorted());
    }

    private static ScenarioDocument? Read(string path, DiagnosticBag bag) =>
        TextFile.Read(path, path, null, bag) is var (text, bytes) ? Parse(text, bytes, path, bag) : null;

    private static ScenarioDocument? Parse(string text, byte[] bytes, string path, DiagnosticBag bag)
    {
        if (YamlTree.Parse(text, path, bag) is not { } root)
        {
            return null;
        }
        if (root is not MappingNode mapping)
        {
            bag.Error(root.Location, $"the top level must be a mapping of keys such as 'supplyshock: 1' (got {root.Describe()})");
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(bytes);
        var entries = new List<MappingEntry>(mapping.Entries.Count);
        foreach (var entry in mapping.Entries)
        {
            var table = ScenarioSchema.Tables.FirstOrDefault(t => t.Key == entry.Key.Text);
            if (table is not null && entry.Value is ScalarNode { IsNull: false } csvPath)
            {
                entries.Add(entry with { Value = ReadCsv(path, csvPath, table, bag, hash) });
            }
            else
            {
                entries.Add(entry);
            }
        }
        // The hash covers the file and every CSV table it reads, in file order, so a changed table changes the scenario's identity.
        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        return new ScenarioDocument(path, mapping with { Entries = entries }, sha256);
    }

    private static SyntaxNode ReadCsv(string scenarioPath, ScalarNode csvPath, ScenarioSchema.Table table, DiagnosticBag bag, IncrementalHash hash)
    {
        var directory = Path.GetDirectoryName(scenarioPath) ?? "";
        var shown = Path.Combine(directory, csvPath.Text).Replace('\\', '/');
        if (!csvPath.Text.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            bag.Error(csvPath.Location, $"{table.Key}: expected a list or the path of a .csv file (got '{csvPath.Text}')");
            return new InvalidNode(csvPath.Location);
        }
        if (TextFile.Read(shown, shown, csvPath.Location, bag) is not var (text, bytes))
        {
            return new InvalidNode(csvPath.Location);
        }
        hash.AppendData(bytes);
        return CsvTableReader.Read(text, shown, table, bag);
    }
}
