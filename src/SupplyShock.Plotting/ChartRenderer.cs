namespace SupplyShock.Plotting;

using ScottPlot;
using SupplyShock.Reporting;

/// <summary>
/// Draws a <see cref="ChartSpec"/> with ScottPlot, the only place that does. One colour and one line pattern per
/// policy everywhere (Okabe-Ito colours, distinct patterns, so charts still read when printed in grey).
/// </summary>
public static class ChartRenderer
{
    public const int Width = 1000;
    public const int Height = 600;

    private static readonly string[] PolicyColours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];
    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
    private static readonly MarkerShape[] Shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];
    private static readonly object FontGate = new();
    private static bool fontsRegistered;

    public static Color ColourOf(int style) => Color.FromHex(PolicyColours[style % PolicyColours.Length]);

    private static LinePattern PatternOf(int style) => Patterns[style % Patterns.Length];

    /// <summary>Bars get a hatch per policy as well as a colour, so they stay apart when printed in grey.</summary>
    private static IHatch? HatchOf(int style) => (style % 4) switch
    {
        1 => new ScottPlot.Hatches.Striped(),
        2 => new ScottPlot.Hatches.Dots(),
        3 => new ScottPlot.Hatches.Checker(),
        _ => null,
    };

    /// <summary>DejaVu Sans ships beside the program: without a font ScottPlot draws no text and says nothing.</summary>
    private static void RegisterFonts()
    {
        lock (FontGate)
        {
            if (fontsRegistered)
            {
                return;
            }
            var folder = Path.Combine(AppContext.BaseDirectory, "Fonts");
            Fonts.AddFontFile("DejaVu Sans", Path.Combine(folder, "DejaVuSans.ttf"), bold: false, italic: false);
            Fonts.AddFontFile("DejaVu Sans", Path.Combine(folder, "DejaVuSans-Bold.ttf"), bold: true, italic: false);
            Fonts.Default = "DejaVu Sans";
            fontsRegistered = true;
        }
    }

    public static Plot Build(ChartSpec chart)
    {
        RegisterFonts();
        var plot = new Plot();
        plot.Title(chart.Title, size: 18);
        plot.XLabel(chart.XLabel, size: 15);
        plot.YLabel(chart.YLabel, size: 15);
        var barWidth = 0.8 / Math.Max(1, chart.Series.Count(s => s is BarSeries));
        foreach (var series in chart.Series)
        {
            Add(plot, series, chart.Horizontal, barWidth);
        }
        if (chart.XTicks.Count > 0)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(chart.XTicks.Select(t => t.Position).ToArray(), chart.XTicks.Select(t => t.Label).ToArray());
        }
        if (chart.YTicks.Count > 0)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(chart.YTicks.Select(t => t.Position).ToArray(), chart.YTicks.Select(t => t.Label).ToArray());
        }
        if (chart.Series.Any(s => s is not HeatmapSeries && s is not MarkerLine && !s.Name.EndsWith('%')))
        {
            plot.ShowLegend(Edge.Right); // outside the data, so it never hides a bar or a line
        }
        return plot;
    }

    private static void Add(Plot plot, ChartSeries series, bool horizontal, double barWidth)
    {
        var colour = ColourOf(series.Style);
        switch (series)
        {
            case LineSeries line:
            {
                var scatter = plot.Add.ScatterLine(line.X, line.Y);
                scatter.Color = colour;
                scatter.LineWidth = 2.5f;
                scatter.LinePattern = PatternOf(line.Style);
                // Skia's SVG output draws every line solid, so each policy's line also carries its own marker shape
                // at a few points, offset per policy: the lines stay apart in grey, in SVG and in print.
                var step = Math.Max(1, line.X.Length / 10);
                var first = (line.Style * step / 4) % step;
                var at = Enumerable.Range(0, line.X.Length).Where(i => i >= first && (i - first) % step == 0).ToArray();
                var markers = plot.Add.Markers(at.Select(i => line.X[i]).ToArray(), at.Select(i => line.Y[i]).ToArray(), Shapes[line.Style % Shapes.Length], 9, colour);
                markers.LegendText = line.Name;
                break;
            }
            case ReferenceSeries reference:
            {
                var line = plot.Add.ScatterLine(reference.X, reference.Y);
                line.Color = Colors.Gray;
                line.LineWidth = 1.5f;
                line.LinePattern = LinePattern.Dashed;
                line.LegendText = reference.Name;
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
                var line = plot.Add.VerticalLine(marker.X, marker.Dashed ? 1f : 2f, colour, marker.Dashed ? LinePattern.Dashed : LinePattern.Solid);
                line.LineColor = colour.WithAlpha(marker.Dashed ? 0.6 : 0.9);
                break;
            }
            case BarSeries bars:
            {
                var hatch = HatchOf(bars.Style);
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
                barPlot.LegendText = bars.Name;
                var below = bars.Values.Zip(bars.Low, (v, l) => Math.Max(0, v - l)).ToArray();
                var above = bars.High.Zip(bars.Values, (h, v) => Math.Max(0, h - v)).ToArray();
                var errors = horizontal
                    ? new ScottPlot.Plottables.ErrorBar(bars.Values, bars.Positions, below, above, null, null)
                    : new ScottPlot.Plottables.ErrorBar(bars.Positions, bars.Values, null, null, below, above);
                errors.Color = Colors.Black;
                plot.Add.Plottable(errors);
                break;
            }
            case PointSeries points:
            {
                var markers = plot.Add.Markers(points.X, points.Y, Shapes[points.Style % Shapes.Length], 12, colour);
                markers.LegendText = points.Name;
                var errors = new ScottPlot.Plottables.ErrorBar(
                    points.X,
                    points.Y,
                    points.X.Zip(points.XLow, (x, l) => x - l).ToArray(),
                    points.XHigh.Zip(points.X, (h, x) => h - x).ToArray(),
                    points.Y.Zip(points.YLow, (y, l) => y - l).ToArray(),
                    points.YHigh.Zip(points.Y, (h, y) => h - y).ToArray());
                errors.Color = colour;
                plot.Add.Plottable(errors);
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

    /// <summary>Writes PNG (for documents) and SVG (for print) with the same name; returns the SVG text for the report.</summary>
    public static string Save(ChartSpec chart, string folder)
    {
        var plot = Build(chart);
        Directory.CreateDirectory(folder);
        var svg = plot.GetSvgXml(Width, Height);
        var png = plot.GetImage(Width, Height).GetImageBytes(ImageFormat.Png);
        AtomicFile.Write(Path.Combine(folder, chart.FileName + ".png"), stream => stream.Write(png));
        AtomicFile.WriteText(Path.Combine(folder, chart.FileName + ".svg"), svg);
        return svg;
    }
}
