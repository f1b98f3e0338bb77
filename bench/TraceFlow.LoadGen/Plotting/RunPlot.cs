using System.Text.Json;

namespace TraceFlow.LoadGen.Plotting;

/// <summary>
/// <c>plot --run NAME=FILE [--run NAME=FILE ...] --out FILE.svg</c>: accepted spans/s and
/// p99 latency per second of one or more runs' <c>--json-out</c> files, as one SVG.
/// </summary>
internal static class RunPlot
{
    public static async Task<string> RenderAsync(IReadOnlyList<(string Name, string Path)> runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var throughput = new List<PlotSeries>();
        var latency = new List<PlotSeries>();
        foreach (var (name, path) in runs)
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                var seconds = document.RootElement.GetProperty("per_second").EnumerateArray().ToList();
                throughput.Add(new PlotSeries(name, [.. seconds.Select(s => (s.GetProperty("elapsed_s").GetDouble(), s.GetProperty("accepted_per_s").GetDouble()))]));
                latency.Add(new PlotSeries(name, [.. seconds.Select(s => (s.GetProperty("elapsed_s").GetDouble(), s.GetProperty("p99_ms").GetDouble()))]));
            }
        }

        return SvgChart.Render("TraceFlow benchmark: accepted spans per second and p99 ingest latency", [("accepted spans/s", throughput), ("p99 latency (ms)", latency)]);
    }
}
