namespace SupplyShock.Scenarios;

using SupplyShock.Core.Diagnostics;
using SupplyShock.Core.Syntax;
using SupplyShock.Core.Validation;

/// <summary>
/// Reads <c>--set NAME=VALUE</c> arguments: VALUE in the file's own syntax (a number, or an inline distribution such as
/// <c>{dist: beta, a: 2, b: 2}</c>), read by the same YAML reader so it gets the same checks; positions are columns of
/// the argument, under the path <c>--set</c>.
/// </summary>
public static class OverrideParser
{
    public const string Path = "--set";

    public static (IReadOnlyList<ScenarioOverride> Overrides, IReadOnlyList<Diagnostic> Diagnostics) Parse(IEnumerable<string> arguments)
    {
        var overrides = new List<ScenarioOverride>();
        var bag = new DiagnosticBag();
        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=');
            var name = equals > 0 ? argument[..equals].Trim() : "";
            if (name.Length == 0 || equals == argument.Length - 1)
            {
                bag.Error(new SourceLocation(Path, 1, 1), $"--set {argument}: expected NAME=VALUE, such as approval=0.18 or 'components.rf.substitution={{dist: uniform, min: 0.2, max: 0.6}}'");
                continue;
            }
            // The value is read as the value of a one-key document; its columns are then moved to where it stands in the argument.
            const string key = "v: ";
            var read = ScenarioReader.ReadText(key + argument[(equals + 1)..], Path);
            var shift = equals + 1 - key.Length;
            foreach (var d in read.Diagnostics)
            {
                bag.AddRange([d with { Location = Shift(d.Location, shift), Message = $"--set {name}: {d.Message}" }]);
            }
            if (read.Document?.Root.Find("v")?.Value is { } value)
            {
                overrides.Add(new ScenarioOverride(name, Relocate(value, shift), new SourceLocation(Path, 1, 1), argument.Trim()));
            }
        }
        return (overrides, bag.Sorted());
    }

    private static SourceLocation Shift(SourceLocation at, int columns) => at with { Column = Math.Max(1, at.Column + columns) };

    private static SyntaxNode Relocate(SyntaxNode node, int columns) => node switch
    {
        ScalarNode s => s with { Location = Shift(s.Location, columns) },
        SequenceNode q => new SequenceNode(Shift(q.Location, columns), q.Items.Select(i => Relocate(i, columns)).ToArray()),
        MappingNode m => new MappingNode(Shift(m.Location, columns), m.Entries.Select(e => new MappingEntry((ScalarNode)Relocate(e.Key, columns), Relocate(e.Value, columns))).ToArray()),
        _ => node,
    };
}
