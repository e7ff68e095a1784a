namespace SupplyShock.Core.Validation;

using System.Globalization;
using System.Text.RegularExpressions;
using SupplyShock.Core.Diagnostics;
using SupplyShock.Core.Model;
using SupplyShock.Core.Syntax;

/// <summary>An inclusive range an input must stay in (MODEL.md section 3); bounds may be infinite.</summary>
internal readonly record struct ValueRange(double Min, double Max)
{
    public static readonly ValueRange Unit = new(0, 1);
    public static readonly ValueRange NonNegative = new(0, double.PositiveInfinity);

    public bool Contains(double x) => x >= Min && x <= Max;

    public bool Contains(Support s) => s.Min >= Min && s.Max <= Max;

    public override string ToString() =>
        double.IsPositiveInfinity(Max) ? $">= {Support.Format(Min)}" : $"[{Support.Format(Min)}, {Support.Format(Max)}]";
}

/// <summary>
/// Typed reads of located nodes. Each read reports what is wrong at the node's line and column and returns null,
/// so a caller can go on and gather every problem of the file.
/// </summary>
internal sealed partial class NodeReader(DiagnosticBag bag)
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Z]{2}$")]
    private static partial Regex CountryPattern();

    public DiagnosticBag Bag => bag;

    public void Error(SyntaxNode node, string message) => bag.Error(node.Location, message);

    public void Warning(SyntaxNode node, string message) => bag.Warning(node.Location, message);

    /// <summary>The keys of a mapping, checked: an unknown key is an error with the nearest known key suggested.</summary>
    public Fields? Mapping(SyntaxNode node, string path, IReadOnlyList<string> allowed)
    {
        if (node is InvalidNode)
        {
            return null;
        }
        if (node is not MappingNode mapping)
        {
            Error(node, $"{path}: expected a mapping of keys (got {node.Describe()})");
            return null;
        }
        foreach (var entry in mapping.Entries)
        {
            if (!allowed.Contains(entry.Key.Text))
            {
                Error(entry.Key, $"{Join(path, entry.Key.Text)}: unknown key{Suggestions.DidYouMean(entry.Key.Text, allowed)}");
            }
        }
        return new Fields(this, mapping, path, allowed);
    }

    public IReadOnlyList<SyntaxNode>? Sequence(SyntaxNode node, string path, string expected = "a list")
    {
        if (node is InvalidNode)
        {
            return null;
        }
        if (node is SequenceNode sequence)
        {
            return sequence.Items;
        }
        Error(node, $"{path}: expected {expected} (got {node.Describe()})");
        return null;
    }

    public ScalarNode? Scalar(SyntaxNode node, string path, string expected)
    {
        if (node is InvalidNode)
        {
            return null;
        }
        if (node is ScalarNode { IsNull: false } scalar)
        {
            return scalar;
        }
        Error(node, $"{path}: expected {expected} (got {node.Describe()})");
        return null;
    }

    public double? Number(SyntaxNode node, string path, ValueRange? range = null)
    {
        if (Scalar(node, path, "a number") is not { } scalar)
        {
            return null;
        }
        var kind = ScalarText.ParseNumber(scalar.Text, out var value);
        if (kind == ScalarText.NumberKind.NonFinite)
        {
            Error(node, $"{path}: numbers must be finite (got '{scalar.Text}')");
            return null;
        }
        if (kind == ScalarText.NumberKind.NotANumber)
        {
            Error(node, $"{path}: expected a number (got '{scalar.Text}')");
            return null;
        }
        if (!scalar.IsPlain)
        {
            Error(node, $"{path}: expected a number (got the quoted string \"{scalar.Text}\"); remove the quotes");
            return null;
        }
        if (range is { } r && !r.Contains(value))
        {
            Error(node, $"{path}: {scalar.Text} is out of range; expected {r}");
            return null;
        }
        return value;
    }

    public long? Integer(SyntaxNode node, string path, long min, long max)
    {
        // Whole numbers are read exactly (a seed above 2^53 must not change on the way through a double).
        if (node is ScalarNode { IsPlain: true } s && long.TryParse(s.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exact))
        {
            if (exact >= min && exact <= max)
            {
                return exact;
            }
            Error(node, $"{path}: {s.Text} is out of range; expected a whole number from {min} to {max}");
            return null;
        }
        if (Number(node, path) is not { } value)
        {
            return null;
        }
        if (value != Math.Floor(value) || value < min || value > max)
        {
            Error(node, $"{path}: expected a whole number from {min} to {max} (got '{((ScalarNode)node).Text}')");
            return null;
        }
        return (long)value;
    }

    public bool? Bool(SyntaxNode node, string path)
    {
        if (Scalar(node, path, "true or false") is not { } scalar)
        {
            return null;
        }
        if (scalar.IsPlain && ScalarText.ParseBool(scalar.Text) is { } b)
        {
            return b;
        }
        Error(node, ScalarText.ParseBool(scalar.Text) is not null
            ? $"{path}: expected true or false (got the quoted string \"{scalar.Text}\"); remove the quotes"
            : $"{path}: expected true or false (got '{scalar.Text}')");
        return null;
    }

    public string? Text(SyntaxNode node, string path) => Scalar(node, path, "text")?.Text;

    public string? Id(SyntaxNode node, string path)
    {
        if (Text(node, path) is not { } text)
        {
            return null;
        }
        if (!IdPattern().IsMatch(text))
        {
            Error(node, $"{path}: '{text}' is not a valid id; use letters, digits, '_', '-' and '.', starting with a letter or digit");
            return null;
        }
        return text;
    }

    public string? Country(SyntaxNode node, string path)
    {
        if (Text(node, path) is not { } text)
        {
            return null;
        }
        if (!CountryPattern().IsMatch(text))
        {
            var hint = text.Length == 2 && text.All(char.IsAsciiLetter) ? $"; did you mean '{text.ToUpperInvariant()}'?" : "; use an ISO 3166 alpha-2 code such as US, TW or CN";
            Error(node, $"{path}: country codes are two upper-case letters (got '{text}'){hint}");
            return null;
        }
        return text;
    }

    public DateOnly? Date(SyntaxNode node, string path)
    {
        if (Scalar(node, path, "a date YYYY-MM-DD") is not { } scalar)
        {
            return null;
        }
        if (ScalarText.ParseDate(scalar.Text) is { } date)
        {
            return date;
        }
        Error(node, ScalarText.LooksLikeDate(scalar.Text)
            ? $"{path}: '{scalar.Text}' is not a date in the calendar"
            : $"{path}: expected a date YYYY-MM-DD (got '{scalar.Text}')");
        return null;
    }

    /// <summary>One of a fixed set of words, with the nearest suggested.</summary>
    public string? Choice(SyntaxNode node, string path, IReadOnlyList<string> choices)
    {
        if (Text(node, path) is not { } text)
        {
            return null;
        }
        if (choices.Contains(text))
        {
            return text;
        }
        var hint = Suggestions.Closest(text, choices) is { } c ? $"did you mean '{c}'?" : $"expected one of {string.Join(", ", choices)}";
        Error(node, $"{path}: unknown value '{text}'; {hint}");
        return null;
    }

    /// <summary>A scalar or a non-empty list of scalars (a list means any of, MODEL.md section 4).</summary>
    public IReadOnlyList<ScalarNode>? OneOrMany(SyntaxNode node, string path)
    {
        if (node is SequenceNode sequence)
        {
            if (sequence.Items.Count == 0)
            {
                Error(node, $"{path}: an empty list matches nothing; remove the key or name at least one value");
                return null;
            }
            var result = new List<ScalarNode>();
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                if (Scalar(sequence.Items[i], $"{path}[{i}]", "a value") is { } s)
                {
                    result.Add(s);
                }
            }
            return result.Count == sequence.Items.Count ? result : null;
        }
        return Scalar(node, path, "a value or a list of values") is { } one ? [one] : null;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>The entries of one checked mapping, with its path for messages.</summary>
internal sealed class Fields(NodeReader reader, MappingNode mapping, string path, IReadOnlyList<string> allowed)
{
    public MappingNode Node => mapping;

    public string Path => path;

    public string At(string key) => NodeReader.Join(path, key);

    public SyntaxNode? Get(string key) => mapping.Find(key)?.Value;

    public ScalarNode? KeyNode(string key) => mapping.Find(key)?.Key;

    /// <summary>The value of a required key, or an error at the mapping naming what is missing.</summary>
    public SyntaxNode? Require(string key)
    {
        if (Get(key) is { } node)
        {
            return node;
        }
        // A misspelt key was already reported with this key as its suggestion: saying it is missing too would be noise.
        if (mapping.Entries.Any(e => !allowed.Contains(e.Key.Text) && Suggestions.Closest(e.Key.Text, allowed) == key))
        {
            return null;
        }
        var where = path.Length == 0 ? "" : $"{path}: ";
        reader.Error(mapping, $"{where}missing required key '{key}'");
        return null;
    }
}
