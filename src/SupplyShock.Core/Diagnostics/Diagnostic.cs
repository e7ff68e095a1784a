namespace SupplyShock.Core.Diagnostics;

/// <summary>A place in a scenario file or one of its CSV tables; lines and columns are 1-based.</summary>
public readonly record struct SourceLocation(string Path, int Line, int Column)
{
    public override string ToString() => $"{Path}:{Line}:{Column}";
}

public enum Severity
{
    Error,
    Warning,
}

/// <summary>One problem with the user's input, printed as <c>path:line:column: error: message</c>.</summary>
public sealed record Diagnostic(Severity Severity, SourceLocation Location, string Message)
{
    public override string ToString() =>
        $"{Location}: {(Severity == Severity.Error ? "error" : "warning")}: {Message}";
}

/// <summary>Gathers every diagnostic of a stage so that all problems are reported at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> items = [];

    public bool HasErrors { get; private set; }

    public IReadOnlyList<Diagnostic> Items => items;

    public void Error(SourceLocation location, string message)
    {
        items.Add(new Diagnostic(Severity.Error, location, message));
        HasErrors = true;
    }

    public void Warning(SourceLocation location, string message) =>
        items.Add(new Diagnostic(Severity.Warning, location, message));

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            items.Add(d);
            HasErrors |= d.Severity == Severity.Error;
        }
    }

    /// <summary>Diagnostics in file order (path, line, column), the order a reader fixes them in.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        items.Distinct()
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToArray();
}
