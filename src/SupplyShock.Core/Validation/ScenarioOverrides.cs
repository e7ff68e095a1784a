namespace SupplyShock.Core.Validation;

using SupplyShock.Core.Diagnostics;
using SupplyShock.Core.Syntax;

/// <summary>
/// One <c>--set NAME=VALUE</c>: a named parameter or the place of an uncertain input (<c>components.rf.substitution</c>,
/// <c>policies.partial.rules.case by case.approval</c>), and the value as a located node (a number or an inline
/// distribution, as the file would write it), located in the argument so that diagnostics name <c>--set</c>.
/// </summary>
public sealed record ScenarioOverride(string Name, SyntaxNode Value, SourceLocation Location, string Text);

/// <summary>
/// The overrides of one validation: the binder asks for each place it reads (<see cref="Take"/>), so a value given with
/// <c>--set</c> replaces the file's exactly where the file's would be read, and every name never asked for is an error.
/// </summary>
internal sealed class OverrideTable(IReadOnlyList<ScenarioOverride> overrides)
{
    private readonly Dictionary<string, ScenarioOverride> byName = overrides.GroupBy(o => o.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    private readonly HashSet<string> used = new(StringComparer.Ordinal);
    private readonly List<string> known = [];

    /// <summary>The override for <paramref name="place"/>, if any; remembers the place for did-you-mean.</summary>
    public ScenarioOverride? Take(string place)
    {
        known.Add(place);
        if (!byName.TryGetValue(place, out var o))
        {
            return null;
        }
        used.Add(place);
        return o;
    }

    /// <summary>The override that was applied under <paramref name="name"/>, if any.</summary>
    public ScenarioOverride? Given(string name) => used.Contains(name) ? byName[name] : null;

    public void ReportUnused(NodeReader read)
    {
        foreach (var (name, o) in byName.Where(o => !used.Contains(o.Key)))
        {
            var hint = Suggestions.DidYouMean(name, known.Distinct()) is { Length: > 0 } near
                ? near
                : "; give a parameter's name or an input's place, such as components.<id>.substitution ('supplyshock explain' lists them)";
            read.Error(o.Value, $"--set {name}: no parameter or uncertain input of that name{hint}");
        }
        foreach (var twice in overrides.GroupBy(o => o.Name).Where(g => g.Count() > 1))
        {
            read.Warning(twice.Last().Value, $"--set {twice.Key}: given {twice.Count()} times; the last one counts");
        }
    }

    public IReadOnlyList<string> Texts => overrides.Select(o => o.Text).ToArray();
}
