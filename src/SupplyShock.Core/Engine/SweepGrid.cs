namespace SupplyShock.Core.Engine;

using System.Globalization;

/// <summary>
/// One swept name of <c>supplyshock sweep</c>: NAME=FROM:STEP:TO. Values are kept as decimals, FROM + k*STEP computed
/// exactly, so 0:0.1:1 lands on 0.3 and on 1 (in doubles it would reach 0.30000000000000004, and a --set of that
/// would be a different run); they are given to <c>--set</c> as the user would type them.
/// </summary>
public sealed record SweepAxis(string Name, decimal From, decimal Step, decimal To, IReadOnlyList<decimal> Values)
{
    /// <summary>The value as <c>--set</c> reads it: invariant culture, no trailing zeros (0.50 is "0.5").</summary>
    public static string Text(decimal value) => value.ToString("G29", CultureInfo.InvariantCulture);

    public override string ToString() => $"{Name}={Text(From)}:{Text(Step)}:{Text(To)}";
}

/// <summary>
/// The grid of a sweep: one or two <see cref="SweepAxis"/> (two make every pair), and the <c>--set</c> arguments that
/// stay fixed. Points run in order, the first name outermost, so a stopped sweep's finished points are whole rows of
/// the grid in that order. Reachable only through <see cref="Parse"/>, which gathers every problem.
/// </summary>
public sealed class SweepGrid
{
    public const int MaxAxes = 2;

    /// <summary>Each point is a whole run; a thousand already takes hours at the default trials.</summary>
    public const int MaxPoints = 1000;

    private SweepGrid(IReadOnlyList<SweepAxis> axes, IReadOnlyList<string> fixedSets)
    {
        Axes = axes;
        Fixed = fixedSets;
        IEnumerable<IReadOnlyList<decimal>> points = [[]];
        foreach (var axis in axes)
        {
            points = points.SelectMany(p => axis.Values.Select(v => (IReadOnlyList<decimal>)[.. p, v]));
        }
        Points = points.ToArray();
    }

    public IReadOnlyList<SweepAxis> Axes { get; }

    /// <summary>The <c>--set NAME=VALUE</c> arguments that hold at every point.</summary>
    public IReadOnlyList<string> Fixed { get; }

    /// <summary>Every point: one value per axis, first axis outermost.</summary>
    public IReadOnlyList<IReadOnlyList<decimal>> Points { get; }

    /// <summary>The <c>--set</c> arguments of a point: the fixed ones, then one per axis.</summary>
    public IReadOnlyList<string> Sets(IReadOnlyList<decimal> point) =>
        [.. Fixed, .. Axes.Select((a, i) => $"{a.Name}={SweepAxis.Text(point[i])}")];

    /// <summary>"approval=0.5, leakage=0.1": a point as a reader names it.</summary>
    public string Describe(IReadOnlyList<decimal> point) => string.Join(", ", Axes.Select((a, i) => $"{a.Name}={SweepAxis.Text(point[i])}"));

    /// <summary>
    /// Splits <c>--set</c> arguments into swept axes (a value of the form FROM:STEP:TO) and fixed overrides (anything
    /// else, read later by the scenario's own checks). Returns the grid, or every problem with a fix.
    /// </summary>
    public static (SweepGrid? Grid, IReadOnlyList<string> Problems) Parse(IEnumerable<string> sets)
    {
        var problems = new List<string>();
        var axes = new List<SweepAxis>();
        var fixedSets = new List<string>();
        foreach (var argument in sets)
        {
            var equals = argument.IndexOf('=');
            var name = equals > 0 ? argument[..equals].Trim() : "";
            var value = equals > 0 ? argument[(equals + 1)..].Trim() : "";
            var parts = value.Split(':');
            // A distribution ({dist: beta, a: 2, b: 2}) has colons too; a range is exactly three parts and no braces.
            if (name.Length == 0 || parts.Length != 3 || value.Contains('{'))
            {
                fixedSets.Add(argument);
                continue;
            }
            var numbers = parts.Select(p => decimal.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null).ToArray();
            if (numbers.Any(n => n is null))
            {
                problems.Add($"--set {argument}: expected NAME=FROM:STEP:TO with three numbers, such as {name}=0:0.1:1");
                continue;
            }
            if (Axis(argument, name, numbers[0]!.Value, numbers[1]!.Value, numbers[2]!.Value, problems) is { } axis)
            {
                axes.Add(axis);
            }
        }
        foreach (var twice in axes.GroupBy(a => a.Name).Where(g => g.Count() > 1))
        {
            problems.Add($"--set {twice.Key}: swept more than once; give one range per name");
        }
        var fixedNames = fixedSets.Select(s => s.IndexOf('=') is > 0 and var i ? s[..i].Trim() : s).ToHashSet(StringComparer.Ordinal);
        foreach (var both in axes.Where(a => fixedNames.Contains(a.Name)))
        {
            problems.Add($"--set {both.Name}: both swept and fixed; drop one of them");
        }
        if (axes.Count == 0 && problems.Count == 0)
        {
            problems.Add("nothing to sweep: give at least one --set NAME=FROM:STEP:TO, such as --set 'policies.partial.rules.case by case.approval=0:0.1:1'");
        }
        if (axes.Count > MaxAxes)
        {
            problems.Add($"--set: {axes.Count} names swept ({string.Join(", ", axes.Select(a => a.Name))}); a sweep takes one name, or two for a grid: fix the others with NAME=VALUE or run one sweep per value");
        }
        var points = axes.Aggregate(1L, (n, a) => n * a.Values.Count);
        if (axes.Count is > 0 and <= MaxAxes && problems.Count == 0 && points > MaxPoints)
        {
            problems.Add($"--set: the grid has {points:N0} points ({string.Join(" x ", axes.Select(a => a.Values.Count))}), more than {MaxPoints:N0}; take a larger STEP or a shorter range");
        }
        return problems.Count > 0 ? (null, problems) : (new SweepGrid(axes, fixedSets), problems);
    }

    private static SweepAxis? Axis(string argument, string name, decimal from, decimal step, decimal to, List<string> problems)
    {
        if (step <= 0)
        {
            problems.Add($"--set {argument}: STEP must be greater than 0 (got {SweepAxis.Text(step)})");
            return null;
        }
        if (from > to)
        {
            problems.Add($"--set {argument}: FROM ({SweepAxis.Text(from)}) is above TO ({SweepAxis.Text(to)}); give the range from low to high");
            return null;
        }
        var steps = (to - from) / step;
        if (steps >= MaxPoints)
        {
            problems.Add($"--set {argument}: {Math.Floor(steps) + 1:N0} values, more than {MaxPoints:N0}; take a larger STEP");
            return null;
        }
        if (steps != decimal.Truncate(steps))
        {
            var last = from + (decimal.Truncate(steps) * step);
            problems.Add($"--set {argument}: TO is not FROM plus a whole number of steps (the last value would be {SweepAxis.Text(last)}); "
                + $"end at {SweepAxis.Text(last)} or {SweepAxis.Text(last + step)}, or change STEP");
            return null;
        }
        // Parsed back from its text so that 0 + 2 * 0.25 is 0.5, not 0.50 (a decimal keeps its scale, and JSON would show it).
        var values = Enumerable.Range(0, (int)steps + 1).Select(k => decimal.Parse(SweepAxis.Text(from + (k * step)), CultureInfo.InvariantCulture)).ToArray();
        return new SweepAxis(name, from, step, to, values);
    }
}
