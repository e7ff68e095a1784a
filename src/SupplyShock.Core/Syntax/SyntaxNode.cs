namespace SupplyShock.Core.Syntax;

using SupplyShock.Core.Diagnostics;

/// <summary>
/// A located tree read from YAML or CSV: the reader's output and the validator's input.
/// Every node keeps where it came from, so every diagnostic can point at its line and column.
/// </summary>
public abstract record SyntaxNode(SourceLocation Location)
{
    /// <summary>How the node reads in a message: "a mapping", "a list", "'text'".</summary>
    public abstract string Describe();
}

/// <summary>A scalar as written. <paramref name="IsPlain"/> is false for quoted YAML scalars, which stay strings.</summary>
public sealed record ScalarNode(SourceLocation Location, string Text, bool IsPlain) : SyntaxNode(Location)
{
    /// <summary>YAML null: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => IsPlain && Text is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "nothing" : $"'{Text}'";
}

public sealed record SequenceNode(SourceLocation Location, IReadOnlyList<SyntaxNode> Items) : SyntaxNode(Location)
{
    public override string Describe() => "a list";
}

public sealed record MappingEntry(ScalarNode Key, SyntaxNode Value);

/// <summary>A mapping with its entries in file order. Duplicate keys are reported by the reader and dropped.</summary>
public sealed record MappingNode(SourceLocation Location, IReadOnlyList<MappingEntry> Entries) : SyntaxNode(Location)
{
    public override string Describe() => "a mapping";

    public MappingEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Text == key)
            {
                return entry;
            }
        }
        return null;
    }
}

/// <summary>
/// A scenario file as read: its root mapping, with CSV tables already replaced by lists of rows
/// (each row a mapping whose nodes point into the CSV file).
/// </summary>
public sealed record ScenarioDocument(string Path, MappingNode Root, string Sha256);

/// <summary>A value the reader could not read (a CSV table that failed to load); already reported, so the validator stays quiet about it.</summary>
public sealed record InvalidNode(SourceLocation Location) : SyntaxNode(Location)
{
    public override string Describe() => "an unreadable value";
}
