using System.Globalization;
using System.Text;
using System.Xml;

namespace TraceFlow.LoadGen.Plotting;

/// <summary>
/// A plain SVG line chart (axes, grid, ticks, one coloured line per series, a legend), small
/// enough to commit beside the benchmark results and to read on GitHub without tooling.
/// </summary>
internal static class SvgChart
{
    private const int Width = 900;
    private const int PanelHeight = 260;
    private const int Left = 80;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 40;
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];

    /// <summary>Panels stacked vertically, sharing the x axis (seconds).</summary>
    public static string Render(string title, IReadOnlyList<(string YLabel, IReadOnlyList<PlotSeries> Series)> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var height = (panels.Count * (PanelHeight + Top + Bottom)) + 30;
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true };
        var text = new StringBuilder();
        using (var svg = XmlWriter.Create(text, settings))
        {
            svg.WriteStartElement("svg", "http://www.w3.org/2000/svg");
            svg.WriteAttributeString("width", Invariant(Width));
            svg.WriteAttributeString("height", Invariant(height));
            svg.WriteAttributeString("viewBox", $"0 0 {Invariant(Width)} {Invariant(height)}");
            svg.WriteAttributeString("font-family", "sans-serif");
            svg.WriteAttributeString("font-size", "12");
            Rect(svg, 0, 0, Width, height, "#ffffff");
            Text(svg, Width / 2.0, 20, title, "middle", bold: true);
            var xMax = Math.Max(1, panels.SelectMany(p => p.Series).SelectMany(s => s.Points).Select(p => p.X).DefaultIfEmpty(1).Max());
            for (var i = 0; i < panels.Count; i++)
            {
                DrawPanel(svg, 30 + (i * (PanelHeight + Top + Bottom)), xMax, panels[i].YLabel, panels[i].Series);
            }

            svg.WriteEndElement();
        }

        return text.ToString();
    }

    private static void DrawPanel(XmlWriter svg, double offsetY, double xMax, string yLabel, IReadOnlyList<PlotSeries> series)
    {
        var plotWidth = Width - Left - Right;
        var top = offsetY + Top;
        var yMax = NiceCeiling(series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(1).Max());
        double X(double x) => Left + (x / xMax * plotWidth);
        double Y(double y) => top + PanelHeight - (Math.Clamp(y, 0, yMax) / yMax * PanelHeight);

        for (var tick = 0; tick <= 4; tick++)
        {
            var value = yMax * tick / 4;
            Line(svg, Left, Y(value), Left + plotWidth, Y(value), "#e0e0e0");
            Text(svg, Left - 6, Y(value) + 4, FormatValue(value), "end");
        }

        var xStep = NiceCeiling(xMax / 6);
        for (var x = 0.0; x <= xMax + 1e-9; x += xStep)
        {
            Line(svg, X(x), top + PanelHeight, X(x), top + PanelHeight + 4, "#000000");
            Text(svg, X(x), top + PanelHeight + 18, FormatValue(x) + " s", "middle");
        }

        Line(svg, Left, top, Left, top + PanelHeight, "#000000");
        Line(svg, Left, top + PanelHeight, Left + plotWidth, top + PanelHeight, "#000000");
        Text(svg, Left, top - 8, yLabel, "start", bold: true);
        for (var i = 0; i < series.Count; i++)
        {
            var colour = Colours[i % Colours.Length];
            svg.WriteStartElement("polyline");
            svg.WriteAttributeString("fill", "none");
            svg.WriteAttributeString("stroke", colour);
            svg.WriteAttributeString("stroke-width", "1.5");
            svg.WriteAttributeString("points", string.Join(' ', series[i].Points.Select(p => $"{Invariant(X(p.X))},{Invariant(Y(p.Y))}")));
            svg.WriteEndElement();
            var legendX = Left + plotWidth - 220 + 0.0;
            var legendY = top + 14 + (i * 16);
            Line(svg, legendX, legendY - 4, legendX + 20, legendY - 4, colour, width: 3);
            Text(svg, legendX + 26, legendY, series[i].Name, "start");
        }
    }

    /// <summary>1, 2 or 5 times a power of ten, at or above the value.</summary>
    private static double NiceCeiling(double value)
    {
        if (value <= 0 || double.IsNaN(value))
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string FormatValue(double value) =>
        value >= 10_000 ? Invariant(Math.Round(value / 1000)) + "k" : Invariant(Math.Round(value, value < 10 ? 1 : 0));

    private static void Line(XmlWriter svg, double x1, double y1, double x2, double y2, string colour, double width = 1)
    {
        svg.WriteStartElement("line");
        svg.WriteAttributeString("x1", Invariant(x1));
        svg.WriteAttributeString("y1", Invariant(y1));
        svg.WriteAttributeString("x2", Invariant(x2));
        svg.WriteAttributeString("y2", Invariant(y2));
        svg.WriteAttributeString("stroke", colour);
        svg.WriteAttributeString("stroke-width", Invariant(width));
        svg.WriteEndElement();
    }

    private static void Rect(XmlWriter svg, double x, double y, double width, double height, string fill)
    {
        svg.WriteStartElement("rect");
        svg.WriteAttributeString("x", Invariant(x));
        svg.WriteAttributeString("y", Invariant(y));
        svg.WriteAttributeString("width", Invariant(width));
        svg.WriteAttributeString("height", Invariant(height));
        svg.WriteAttributeString("fill", fill);
        svg.WriteEndElement();
    }

    /// <summary>Text goes through the XML writer, so names from a run file are escaped.</summary>
    private static void Text(XmlWriter svg, double x, double y, string content, string anchor, bool bold = false)
    {
        svg.WriteStartElement("text");
        svg.WriteAttributeString("x", Invariant(x));
        svg.WriteAttributeString("y", Invariant(y));
        svg.WriteAttributeString("text-anchor", anchor);
        if (bold)
        {
            svg.WriteAttributeString("font-weight", "bold");
        }

        svg.WriteString(content);
        svg.WriteEndElement();
    }

    private static string Invariant(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);
}
