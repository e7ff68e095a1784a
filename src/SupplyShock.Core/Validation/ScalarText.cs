namespace SupplyShock.Core.Validation;

using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>Scalars as the YAML 1.2 core schema resolves them (FORMAT.md): numbers, booleans and dates.</summary>
public static partial class ScalarText
{
    public enum NumberKind
    {
        NotANumber,
        Finite,
        NonFinite,
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    [GeneratedRegex(@"^0o[0-7]+$")]
    private static partial Regex Octal();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+$")]
    private static partial Regex Hex();

    [GeneratedRegex(@"^[-+]?(\.?(inf|Inf|INF|infinity|Infinity|INFINITY)|\.?(nan|NaN|NAN))$")]
    private static partial Regex NonFinite();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex IsoDate();

    /// <summary>Reads a number; NaN and infinity (<c>.nan</c>, <c>.inf</c>, and the spellings CSV files use) are recognised so they can be rejected by name.</summary>
    public static NumberKind ParseNumber(string text, out double value)
    {
        value = 0;
        if (DecimalInteger().IsMatch(text) || Float().IsMatch(text))
        {
            value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            return double.IsFinite(value) ? NumberKind.Finite : NumberKind.NonFinite;
        }
        if (Octal().IsMatch(text) && text.Length <= 23)
        {
            value = Convert.ToUInt64(text[2..], 8);
            return NumberKind.Finite;
        }
        if (Hex().IsMatch(text) && text.Length <= 18)
        {
            value = ulong.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return NumberKind.Finite;
        }
        return NonFinite().IsMatch(text) ? NumberKind.NonFinite : NumberKind.NotANumber;
    }

    /// <summary>Core schema booleans.</summary>
    public static bool? ParseBool(string text) => text switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    public static bool LooksLikeDate(string text) => IsoDate().IsMatch(text);

    public static DateOnly? ParseDate(string text) =>
        IsoDate().IsMatch(text)
        && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : null;
}
