namespace SupplyShock.Plotting;

using ScottPlot;
using ScottPlot.Plottables;
using SkiaSharp;
using SupplyShock.Reporting;

/// <summary>What a chart is drawn on. Skia's SVG backend cannot draw dashes or hatches (it says so on stderr and draws them solid), so in SVG every line is solid and bars are plain: markers and colours tell the policies apart there.</summary>
public enum Medium
{
    Raster,
    Svg,
    Pdf,
}

/// <summary>
/// Draws a <see cref="ChartSpec"/> with ScottPlot, the only place that does. One colour, line pattern, marker shape and
/// bar hatch per policy everywhere (Okabe-Ito colours, so charts still read in grey), shown together in every legend.
/// Intervals are drawn as lines between their two ends as the spec gives them, never as offsets from a centre.
/// </summary>
public static class ChartRenderer
{
    /// <summary>The label every interval line carries, so a test can find the drawn whiskers among the plottables.</summary>
    public const string IntervalLabel = "interval";

    private const float TitleBand = 44;
    private static readonly string[] PolicyColours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];
    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
    private static readonly MarkerShape[] Shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle, MarkerShape.OpenSquare];
    private static readonly object FontGate = new();
    private static bool fontsRegistered;

    public static Color ColourOf(int style) => Color.FromHex(PolicyColours[style % PolicyColours.Length]);

    private static LinePattern PatternOf(int style, Medium medium) => medium == Medium.Svg ? LinePattern.Solid : Patterns[style % Patterns.Length];

    private static MarkerShape ShapeOf(int style) => Shapes[style % Shapes.Length];

    /// <summary>Bars get a hatch per policy as well as a colour, so they stay apart when printed in grey (not in SVG: see <see cref="Medium"/>).</summary>
    private static IHatch? HatchOf(int style, Medium medium) => medium == Medium.Svg ? null : (style % 4) switch
    {
        1 => new ScottPlot.Hatches.Striped(),
        2 => new ScottPlot.Hatches.Dots(),
        3 => new ScottPlot.Hatches.Checker(),
        _ => null,
    };

    private static string FontFile(bool bold) => Path.Combine(AppContext.BaseDirectory, "Fonts", bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf");

    /// <summary>DejaVu Sans ships beside the program: without a font ScottPlot draws no text and says nothing.</summary>
    private static void RegisterFonts()
    {
        lock (FontGate)
        {
            if (fontsRegistered)
            {
                return;
            }
            Fonts.AddFontFile("DejaVu Sans", FontFile(bold: false), bold: false, italic: false);
            Fonts.AddFontFile("DejaVu Sans", FontFile(bold: true), bold: true, italic: false);
            Fonts.Default = "DejaVu Sans";
            fontsRegistered = true;
        }
    }

    /// <summary>The plots of a chart: one, or one per panel (small multiples, titled by the panel).</summary>
    public static IReadOnlyList<Plot> Build(ChartSpec chart, Medium medium = Medium.Raster)
    {
        RegisterFonts();
        return chart.Panels.Count == 0 ? [BuildOne(chart, medium, 18)] : chart.Panels.Select(p => BuildOne(p, medium, 15)).ToArray();
    }

    private static Plot BuildOne(ChartSpec chart, Medium medium, float titleSize)
    {
        var plot = new Plot();
        plot.Title(chart.Title, size: titleSize);
        plot.XLabel(chart.XLabel, size: 15);
        plot.YLabel(chart.YLabel, size: 15);
        var barWidth = 0.8 / Math.Max(1, chart.Series.Count(s => s is BarSeries));
        foreach (var series in chart.Series)
        {
            Add(plot, series, chart.Horizontal, barWidth, medium);
        }
        if (chart.XTicks.Count > 0)
        {
            // Category names under the axis share its width: wrap long ones onto lines of their own.
            var room = (int)Math.Clamp(60.0 / chart.XTicks.Count, 10, 30);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(chart.XTicks.Select(t => t.Position).ToArray(), chart.XTicks.Select(t => Wrap(t.Label, room)).ToArray());
        }
        if (chart.YTicks.Count > 0)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(chart.YTicks.Select(t => t.Position).ToArray(), chart.YTicks.Select(t => t.Label).ToArray());
        }
        plot.Legend.DisplayPlottableLegendItems = false; // each series says itself what its legend shows
        plot.Legend.SymbolWidth = 44; // long enough to show a dash pattern whole
        foreach (var item in chart.Series.SelectMany(s => LegendItems(s, medium)))
        {
            plot.Legend.ManualItems.Add(item);
        }
        if (plot.Legend.ManualItems.Count > 0)
        {
            plot.ShowLegend(Edge.Right); // outside the data, so it never hides a bar or a line
        }
        Limit(plot, chart);
        return plot;
    }

    /// <summary>Breaks a label at spaces into lines of at most <paramref name="width"/> characters (a longer word keeps its line).</summary>
    internal static string Wrap(string label, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in label.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : $"{line} {word}";
            }
        }
        lines.Add(line);
        return string.Join('\n', lines);
    }

    /// <summary>Fits the data, then keeps a quantity that cannot be negative off the negative side, and honours a shared top.</summary>
    private static void Limit(Plot plot, ChartSpec chart)
    {
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        var (left, right, bottom, top) = (limits.Left, limits.Right, limits.Bottom, limits.Top);
        if (chart.NonNegativeX && left < 0)
        {
            left = 0;
        }
        if (chart.NonNegativeY && bottom < 0)
        {
            bottom = 0;
        }
        if (!double.IsNaN(chart.YMax))
        {
            // A shared scale across panels: the same top, and the same bottom (0) where the quantity cannot be negative.
            top = chart.YMax * 1.04;
            bottom = chart.NonNegativeY ? 0 : bottom;
        }
        plot.Axes.SetLimits(left, right, bottom, top);
    }

    private static IEnumerable<LegendItem> LegendItems(ChartSeries series, Medium medium)
    {
        var colour = ColourOf(series.Style);
        switch (series)
        {
            case LineSeries line:
                yield return new LegendItem
                {
                    LabelText = line.Name,
                    LineColor = colour,
                    LineWidth = 2.5f,
                    LinePattern = PatternOf(line.Style, medium),
                    MarkerShape = ShapeOf(line.Style),
                    MarkerSize = 9,
                    MarkerColor = colour,
                };
                break;
            case BarSeries bars:
                yield return new LegendItem
                {
                    LabelText = bars.Name,
                    FillColor = colour,
                    FillHatch = HatchOf(bars.Style, medium),
                    FillHatchColor = Colors.White.WithAlpha(0.55),
                };
                break;
            case BandSeries band:
                yield return new LegendItem { LabelText = band.Name, FillColor = colour.WithAlpha(band.Opacity) };
                break;
            case PointSeries points:
                yield return new LegendItem
                {
                    LabelText = points.Name,
                    LineColor = colour,
                    LineWidth = 1.5f,
                    MarkerShape = ShapeOf(points.Style),
                    MarkerSize = 12,
                    MarkerColor = colour,
                };
                break;
            case IntervalSeries:
                yield return new LegendItem { LabelText = "mean", MarkerShape = MarkerShape.FilledCircle, MarkerSize = 10, MarkerColor = colour };
                yield return new LegendItem { LabelText = "50% of trials", LineColor = colour, LineWidth = 7 };
                yield return new LegendItem { LabelText = "90% of trials", LineColor = colour, LineWidth = 2 };
                break;
            case RangeSeries range:
                yield return new LegendItem { LabelText = range.LowName, FillColor = ColourOf(0), FillHatch = HatchOf(0, medium) };
                yield return new LegendItem { LabelText = range.HighName, FillColor = ColourOf(1), FillHatch = HatchOf(1, medium), FillHatchColor = Colors.White.WithAlpha(0.55) };
                break;
            case ReferenceSeries reference:
                yield return new LegendItem { LabelText = reference.Name, LineColor = Colors.Gray, LineWidth = 1.5f, LinePattern = PatternOf(1, medium) };
                break;
        }
    }

    /// <summary>A line from (x1, y1) to (x2, y2), tagged as an interval so tests can read it back.</summary>
    private static void Interval(Plot plot, double x1, double y1, double x2, double y2, Color colour, float width)
    {
        var line = plot.Add.Line(x1, y1, x2, y2);
        line.LineColor = colour;
        line.LineWidth = width;
        line.MarkerSize = 0;
        line.LegendText = IntervalLabel; // not shown: legends are built from the series
    }

    /// <summary>An interval's line with short caps at both ends, across the direction of the interval.</summary>
    private static void Whisker(Plot plot, double at, double low, double high, bool horizontal, double cap, Color colour)
    {
        if (horizontal)
        {
            Interval(plot, low, at, high, at, colour, 1.5f);
            plot.Add.Line(low, at - cap, low, at + cap).LineColor = colour;
            plot.Add.Line(high, at - cap, high, at + cap).LineColor = colour;
        }
        else
        {
            Interval(plot, at, low, at, high, colour, 1.5f);
            plot.Add.Line(at - cap, low, at + cap, low).LineColor = colour;
            plot.Add.Line(at - cap, high, at + cap, high).LineColor = colour;
        }
    }

    private static void Add(Plot plot, ChartSeries series, bool horizontal, double barWidth, Medium medium)
    {
        var colour = ColourOf(series.Style);
        switch (series)
        {
            case LineSeries line:
            {
                var scatter = plot.Add.ScatterLine(line.X, line.Y);
                scatter.Color = colour;
                scatter.LineWidth = 2.5f;
                scatter.LinePattern = PatternOf(line.Style, medium);
                // Each policy's line also carries its marker shape at a few points, offset per policy, so the lines stay
                // apart in grey and in SVG (where every line is solid).
                var step = Math.Max(1, line.X.Length / 10);
                var first = (line.Style * step / 4) % step;
                var at = Enumerable.Range(0, line.X.Length).Where(i => i >= first && (i - first) % step == 0).ToArray();
                plot.Add.Markers(at.Select(i => line.X[i]).ToArray(), at.Select(i => line.Y[i]).ToArray(), ShapeOf(line.Style), 9, colour);
                break;
            }
            case ReferenceSeries reference:
            {
                var line = plot.Add.ScatterLine(reference.X, reference.Y);
                line.Color = Colors.Gray;
                line.LineWidth = 1.5f;
                line.LinePattern = PatternOf(1, medium);
                break;
            }
            case BandSeries band:
            {
                var fill = plot.Add.FillY(band.X, band.High, band.Low);
                fill.FillStyle.Color = colour.WithAlpha(band.Opacity);
                fill.LineStyle.Width = 0;
                break;
            }
            case MarkerLine marker:
            {
                var line = plot.Add.VerticalLine(marker.X, marker.Dashed ? 1f : 2f, colour, marker.Dashed ? PatternOf(1, medium) : LinePattern.Solid);
                line.LineColor = colour.WithAlpha(marker.Dashed ? 0.6 : 0.9);
                break;
            }
            case BarSeries bars:
            {
                var hatch = HatchOf(bars.Style, medium);
                var barPlot = plot.Add.Bars(bars.Positions.Zip(bars.Values, (p, v) => new Bar
                {
                    Position = p,
                    Value = v,
                    FillColor = colour,
                    Size = barWidth,
                    FillHatch = hatch,
                    FillHatchColor = Colors.White.WithAlpha(0.55),
                }).ToList());
                barPlot.Horizontal = horizontal;
                for (var i = 0; i < bars.Positions.Length; i++)
                {
                    Whisker(plot, bars.Positions[i], bars.Low[i], bars.High[i], horizontal, barWidth / 4, Colors.Black);
                }
                break;
            }
            case RangeSeries range:
            {
                // Two bars a row, both starting at the centre: the low tenth's value and the high tenth's.
                var bars = range.Positions.SelectMany((p, i) => new[]
                {
                    new Bar { Position = p, ValueBase = range.Center, Value = range.Low[i], FillColor = ColourOf(0), Size = 0.7, FillHatch = HatchOf(0, medium) },
                    new Bar { Position = p, ValueBase = range.Center, Value = range.High[i], FillColor = ColourOf(1), Size = 0.7, FillHatch = HatchOf(1, medium), FillHatchColor = Colors.White.WithAlpha(0.55) },
                }).ToList();
                plot.Add.Bars(bars).Horizontal = true;
                break;
            }
            case PointSeries points:
            {
                plot.Add.Markers(points.X, points.Y, ShapeOf(points.Style), 12, colour);
                var span = Math.Max(points.XHigh.Max(), points.YHigh.Max());
                for (var i = 0; i < points.X.Length; i++)
                {
                    Whisker(plot, points.Y[i], points.XLow[i], points.XHigh[i], horizontal: true, span / 80, colour);
                    Whisker(plot, points.X[i], points.YLow[i], points.YHigh[i], horizontal: false, span / 80, colour);
                }
                break;
            }
            case IntervalSeries intervals:
            {
                for (var i = 0; i < intervals.Positions.Length; i++)
                {
                    var y = intervals.Positions[i];
                    Interval(plot, intervals.Low90[i], y, intervals.High90[i], y, colour, 2);
                    Interval(plot, intervals.Low50[i], y, intervals.High50[i], y, colour, 7);
                }
                plot.Add.Markers(intervals.Mean, intervals.Positions, MarkerShape.FilledCircle, 10, colour);
                break;
            }
            case HeatmapSeries heatmap:
            {
                // Rows are drawn top to bottom; flip so row 0 sits at y = 0 and the ticks match.
                var rows = heatmap.Values.GetLength(0);
                var columns = heatmap.Values.GetLength(1);
                var flipped = new double[rows, columns];
                for (var r = 0; r < rows; r++)
                {
                    for (var c = 0; c < columns; c++)
                    {
                        flipped[rows - 1 - r, c] = heatmap.Values[r, c];
                    }
                }
                var map = plot.Add.Heatmap(flipped);
                map.Colormap = new ScottPlot.Colormaps.Viridis();
                map.Rectangle = new CoordinateRect(-0.5, columns - 0.5, -0.5, rows - 0.5); // cell edges, so cell (r, c) is centred on its ticks
                plot.Add.ColorBar(map);
                break;
            }
        }
    }

    /// <summary>Draws a chart on any Skia canvas at a size in CSS pixels: the one path behind PNG, SVG and PDF.</summary>
    public static IReadOnlyList<Plot> Draw(SKCanvas canvas, ChartSpec chart, Medium medium, float width, float height)
    {
        var plots = Build(chart, medium);
        canvas.Clear(SKColors.White);
        if (chart.Panels.Count == 0)
        {
            plots[0].Render(canvas, new PixelRect(0, width, height, 0));
            return plots;
        }
        var columns = plots.Count > 3 ? 2 : 1;
        var rows = (plots.Count + columns - 1) / columns;
        var multiplot = new Multiplot(plots[0]); // a multiplot starts with one plot: ours
        foreach (var plot in plots.Skip(1))
        {
            multiplot.AddPlot(plot);
        }
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        // The multiplot lays its grid out from the canvas origin, so move the origin below the figure's title.
        canvas.Save();
        canvas.Translate(0, TitleBand);
        multiplot.Render(canvas, new PixelRect(0, width, height - TitleBand, 0));
        canvas.Restore();
        using (var typeface = SKTypeface.FromFile(FontFile(bold: true)))
        using (var font = new SKFont(typeface, 18))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.DrawText(chart.Title, width / 2, 30, SKTextAlign.Center, font, paint);
        }
        return plots;
    }

    /// <summary>The chart as SVG text at a size in CSS pixels.</summary>
    public static string Svg(ChartSpec chart, double width, double height) => Svg(chart, width, height, out _);

    /// <summary>The chart as SVG text, and the plots as drawn (their axes map data to the SVG's pixels).</summary>
    public static string Svg(ChartSpec chart, double width, double height, out IReadOnlyList<Plot> plots)
    {
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(SKRect.Create((float)width, (float)height), stream))
        {
            plots = Draw(canvas, chart, Medium.Svg, (float)width, (float)height);
        }
        return SvgPatterns(System.Text.Encoding.UTF8.GetString(stream.ToArray()), chart);
    }

    /// <summary>The SVG dash array of a style's line pattern (<see cref="Patterns"/>: solid, dashed, dotted, densely dashed), in CSS pixels.</summary>
    private static string? DashArray(int style) => (style % Patterns.Length) switch
    {
        1 => "9 6",
        2 => "2 4",
        3 => "5 2",
        _ => null,
    };

    /// <summary>
    /// Skia's SVG backend draws every line solid and every bar plain (it cannot write path effects or shaders), so the
    /// policies' line patterns and bar hatches are put back as SVG attributes: a dash array on each policy's lines
    /// (they alone are 2.5 wide in its colour), on dashed marker lines and on the grey reference line, and a pattern
    /// fill on each hatched policy's bars and legend swatch.
    /// </summary>
    private static string SvgPatterns(string svg, ChartSpec chart)
    {
        var all = chart.Panels.Count > 0 ? chart.Panels.SelectMany(p => p.Series) : chart.Series;
        var styles = all.Where(s => s is LineSeries or BarSeries or MarkerLine).Select(s => s.Style)
            .Concat(all.OfType<RangeSeries>().SelectMany(_ => new[] { 0, 1 })).Distinct().ToArray();
        var defs = new System.Text.StringBuilder();
        foreach (var style in styles)
        {
            var hex = PolicyColours[style % PolicyColours.Length];
            if (DashArray(style) is { } dashes)
            {
                svg = svg.Replace($"stroke=\"{hex}\" stroke-width=\"2.5\"", $"stroke=\"{hex}\" stroke-width=\"2.5\" stroke-dasharray=\"{dashes}\"");
            }
            if (all.Any(s => (s is BarSeries && s.Style == style) || s is RangeSeries) && HatchOf(style, Medium.Raster) is { } hatch)
            {
                var id = $"hatch-{style}";
                var mark = hatch switch
                {
                    ScottPlot.Hatches.Striped => "<path d=\"M-2 2L2 -2M0 8L8 0M6 10L10 6\" stroke=\"white\" stroke-opacity=\"0.55\" stroke-width=\"2\"/>",
                    ScottPlot.Hatches.Dots => "<circle cx=\"4\" cy=\"4\" r=\"1.5\" fill=\"white\" fill-opacity=\"0.55\"/>",
                    _ => "<rect width=\"4\" height=\"4\" fill=\"white\" fill-opacity=\"0.55\"/><rect x=\"4\" y=\"4\" width=\"4\" height=\"4\" fill=\"white\" fill-opacity=\"0.55\"/>",
                };
                defs.Append($"<pattern id=\"{id}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"{hex}\"/>{mark}</pattern>");
                svg = svg.Replace($"<rect fill=\"{hex}\"", $"<rect fill=\"url(#{id})\"");
            }
        }
        var dashed = DashArray(1);
        svg = svg.Replace("stroke=\"gray\" stroke-width=\"1.5\"", $"stroke=\"gray\" stroke-width=\"1.5\" stroke-dasharray=\"{dashed}\"");
        if (all.Any(s => s is MarkerLine { Dashed: true }))
        {
            svg = System.Text.RegularExpressions.Regex.Replace(svg, "stroke-width=\"1\" stroke-miterlimit=\"4\" stroke-opacity=\"0\\.6", $"stroke-width=\"1\" stroke-dasharray=\"{dashed}\" stroke-miterlimit=\"4\" stroke-opacity=\"0.6");
        }
        if (defs.Length > 0)
        {
            var open = svg.IndexOf("<svg", StringComparison.Ordinal);
            var end = svg.IndexOf('>', open) + 1;
            svg = svg[..end] + "<defs>" + defs + "</defs>" + svg[end..];
        }
        return svg;
    }

    private static byte[] Png(ChartSpec chart, PlotOptions options)
    {
        var (pixelsWide, pixelsHigh) = options.PngPixels;
        using var surface = SKSurface.Create(new SKImageInfo(pixelsWide, pixelsHigh));
        var scale = (float)(options.Dpi / PlotOptions.CssPixelsPerInch);
        surface.Canvas.Scale(scale);
        Draw(surface.Canvas, chart, Medium.Raster, (float)options.Width, (float)options.Height);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A one-page PDF the size of the chart (points are 1/72 inch, CSS pixels 1/96).</summary>
    private static void Pdf(Stream stream, ChartSpec chart, PlotOptions options)
    {
        const float pointsPerPixel = 72f / 96f;
        using var document = SKDocument.CreatePdf(stream);
        var canvas = document.BeginPage((float)options.Width * pointsPerPixel, (float)options.Height * pointsPerPixel);
        canvas.Scale(pointsPerPixel);
        Draw(canvas, chart, Medium.Pdf, (float)options.Width, (float)options.Height);
        document.EndPage();
        document.Close();
    }

    /// <summary>
    /// Writes the chart in each format <paramref name="options"/> asks for, each file atomically; returns the files written
    /// and the chart as SVG at the default size, for the report (which scales it to the page).
    /// </summary>
    public static (IReadOnlyList<string> Files, string ReportSvg) Save(ChartSpec chart, string folder, PlotOptions options)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        var reportSvg = Svg(chart, PlotOptions.Default.Width, PlotOptions.Default.Height);
        var atDefaultSize = options.Width == PlotOptions.Default.Width && options.Height == PlotOptions.Default.Height;
        foreach (var format in options.Formats)
        {
            var path = Path.Combine(folder, $"{chart.FileName}.{format.ToString().ToLowerInvariant()}");
            switch (format)
            {
                case PlotFormat.Png:
                    var png = Png(chart, options);
                    AtomicFile.Write(path, stream => stream.Write(png));
                    break;
                case PlotFormat.Svg:
                    AtomicFile.WriteText(path, atDefaultSize ? reportSvg : Svg(chart, options.Width, options.Height)); // drawn once at the default size
                    break;
                case PlotFormat.Pdf:
                    AtomicFile.Write(path, stream => Pdf(stream, chart, options));
                    break;
            }
            files.Add(path);
        }
        return (files, reportSvg);
    }
}
