namespace TraceFlow.LoadGen.Plotting;

/// <summary>One line on a chart: a name for the legend and (x, y) points in data units.</summary>
internal sealed record PlotSeries(string Name, IReadOnlyList<(double X, double Y)> Points);
