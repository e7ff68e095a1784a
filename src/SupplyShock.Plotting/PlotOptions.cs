namespace SupplyShock.Plotting;

using System.Globalization;

public enum PlotFormat
{
    Png,
    Svg,
    Pdf,
}

/// <summary>
/// How charts are written: their size in CSS pixels (1/96 inch, the unit ScottPlot lays text out in), the PNG's
/// resolution, and the formats. The default, 1000 x 600 at 96 dpi in PNG and SVG, is what the report was designed for.
/// </summary>
public sealed record PlotOptions(double Width, double Height, int Dpi, IReadOnlyList<PlotFormat> Formats)
{
    public const double CssPixelsPerInch = 96;

    public static PlotOptions Default { get; } = new(1000, 600, 96, [PlotFormat.Png, PlotFormat.Svg]);

    /// <summary>The PNG's pixel width and height: the size at <see cref="Dpi"/>.</summary>
    public (int Width, int Height) PngPixels => ((int)Math.Round(Width * Dpi / CssPixelsPerInch), (int)Math.Round(Height * Dpi / CssPixelsPerInch));

    /// <summary>
    /// The command line's <c>--plot-size WxH</c> (CSS pixels, or with a unit: <c>6.5x4in</c>, <c>16x10cm</c>, <c>160x100mm</c>),
    /// <c>--dpi N</c> and <c>--plot-format png,svg,pdf</c>; null values keep the default. Returns the options, or every problem.
    /// </summary>
    public static (PlotOptions? Options, IReadOnlyList<string> Problems) Parse(string? size, string? dpi, string? formats)
    {
        var problems = new List<string>();
        var (width, height) = (Default.Width, Default.Height);
        if (size is not null && !TryParseSize(size, out width, out height))
        {
            problems.Add($"--plot-size {size}: expected WIDTHxHEIGHT in pixels at 96 per inch, from 96 to 1920 each (1000x600), or with a unit (6.5x4in, 16x10cm, 160x100mm), from 1 to 20 inches each");
        }
        int? resolution = null;
        if (dpi is not null)
        {
            if (int.TryParse(dpi, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 36 and <= 1200)
            {
                resolution = n;
            }
            else
            {
                problems.Add($"--dpi {dpi}: expected a whole number from 36 to 1200 (300 is usual for print)");
            }
        }
        var chosen = Default.Formats;
        if (formats is not null)
        {
            var names = formats.Split(',', StringSplitOptions.TrimEntries);
            var parsed = names.Select(n => n.Length > 0 && Enum.TryParse<PlotFormat>(n, ignoreCase: true, out var f) && !int.TryParse(n, out _) ? f : (PlotFormat?)null).ToArray();
            if (names.Length == 0 || parsed.Any(f => f is null))
            {
                problems.Add($"--plot-format {formats}: expected one or more of png, svg, pdf, separated by commas");
            }
            else
            {
                chosen = parsed.Select(f => f!.Value).Distinct().Order().ToArray();
            }
        }
        return problems.Count > 0 ? (null, problems) : (new PlotOptions(width, height, resolution ?? Default.Dpi, chosen), problems);
    }

    private static bool TryParseSize(string text, out double width, out double height)
    {
        (width, height) = (0, 0);
        var unit = new[] { ("in", CssPixelsPerInch), ("cm", CssPixelsPerInch / 2.54), ("mm", CssPixelsPerInch / 25.4), ("px", 1.0) }
            .FirstOrDefault(u => text.EndsWith(u.Item1, StringComparison.OrdinalIgnoreCase));
        var scale = unit.Item1 is null ? 1 : unit.Item2;
        var body = unit.Item1 is null ? text : text[..^unit.Item1.Length];
        var parts = body.Split('x', 'X');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var h))
        {
            return false;
        }
        (width, height) = (w * scale, h * scale);
        const double smallest = CssPixelsPerInch, largest = 20 * CssPixelsPerInch;
        return width is >= smallest and <= largest && height is >= smallest and <= largest;
    }
}
