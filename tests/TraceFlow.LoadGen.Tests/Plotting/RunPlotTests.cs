using System.Xml.Linq;
using TraceFlow.LoadGen.Plotting;

namespace TraceFlow.LoadGen.Tests.Plotting;

public sealed class RunPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task Render_DrawsOneLinePerRunInEachPanel_WithEverySecond()
    {
        var decodeOnly = await WriteRunAsync((1, 150_000, 3.5), (2, 160_000, 4.0), (3, 155_000, 3.8));
        var pipeline = await WriteRunAsync((1, 90_000, 12), (2, 101_000, 15), (3, 99_000, 210));

        var svg = XDocument.Parse(await RunPlot.RenderAsync([("decode-only", decodeOnly), ("pipeline", pipeline)], TestContext.Current.CancellationToken));

        var lines = svg.Descendants(Svg + "polyline").ToList();
        Assert.Equal(4, lines.Count); // two runs in two panels
        Assert.All(lines, l => Assert.Equal(3, l.Attribute("points")!.Value.Split(' ').Length));
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("accepted spans/s", texts);
        Assert.Contains("p99 latency (ms)", texts);
        Assert.Equal(2, texts.Count(t => t == "pipeline"));
    }

    [Fact]
    public async Task Render_EscapesRunNames()
    {
        var run = await WriteRunAsync((1, 10, 1));

        var text = await RunPlot.RenderAsync([("<script>alert(1)</script>", run)], TestContext.Current.CancellationToken);

        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", XDocument.Parse(text).Descendants(Svg + "text").Select(t => t.Value));
    }

    private static async Task<string> WriteRunAsync(params (double Elapsed, double Accepted, double P99)[] seconds)
    {
        var path = Path.Combine(Path.GetTempPath(), $"traceflow-plot-{Guid.NewGuid():N}.json");
        var series = string.Join(',', seconds.Select(s => FormattableString.Invariant($$"""{"elapsed_s":{{s.Elapsed}},"accepted_per_s":{{s.Accepted}},"p99_ms":{{s.P99}}}""")));
        await File.WriteAllTextAsync(path, $$"""{"per_second":[{{series}}]}""", TestContext.Current.CancellationToken);
        return path;
    }
}
