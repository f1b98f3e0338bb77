using System.Globalization;
using TraceFlow.Web.Tests.Infrastructure;

namespace TraceFlow.Web.Tests;

/// <summary>The dependency graph: every service a node, every call an edge with counts and p95, nothing overlapping.</summary>
[Collection(UiCollection.Name)]
public sealed class DependencyGraphTests(UiEnvironment ui)
{
    [Fact]
    public async Task Graph_DrawsEveryServiceAndCall_WithoutOverlappingNodes()
    {
        await using var tab = await UiPage.OpenAsync(ui, 1920, 1080);

        await tab.GoAsync("#/dependencies");

        var body = await ui.GetJsonAsync("/api/dependencies");
        var edges = body.GetProperty("dependencies").EnumerateArray().ToList();
        var services = edges.SelectMany(e => new[] { e.GetProperty("parent").GetString()!, e.GetProperty("child").GetString()! }).ToHashSet();
        Assert.True(services.Count >= 30, $"{services.Count} services");
        Assert.Equal(services.Order(StringComparer.Ordinal), (await tab.Page.Locator("#dependency-graph .node").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.service)")).Order(StringComparer.Ordinal));
        Assert.Equal(edges.Count, await tab.Page.Locator("#dependency-graph path.edge").CountAsync());

        var rects = await tab.Page.Locator("#dependency-graph .node > rect:first-child").EvaluateAllAsync<double[][]>(
            "rects => rects.map(r => { const b = r.getBBox(); const m = r.getCTM(); return [m.e + b.x, m.f + b.y, b.width, b.height]; })");
        for (var i = 0; i < rects.Length; i++)
        {
            for (var j = i + 1; j < rects.Length; j++)
            {
                var (a, b) = (rects[i], rects[j]);
                Assert.False(a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3], $"nodes {i} and {j} overlap");
            }
        }

        foreach (var edge in edges)
        {
            var parent = edge.GetProperty("parent").GetString();
            var child = edge.GetProperty("child").GetString();
            var label = await tab.Page.Locator("#dependency-graph .edge-label").EvaluateAllAsync<string?>(
                "(labels, pair) => labels.find(l => l.dataset.parent === pair[0] && l.dataset.child === pair[1])?.textContent ?? null", new[] { parent, child });
            Assert.StartsWith(edge.GetProperty("call_count").GetInt64().ToString("N0", CultureInfo.InvariantCulture) + " · p95", label, StringComparison.Ordinal);
        }

        Assert.Empty(tab.Problems);
        await tab.ScreenshotAsync("dependencies-1920");
    }

    [Fact]
    public async Task CallsTable_ListsEveryEdge_WithItsErrorRateAndP95()
    {
        await using var tab = await UiPage.OpenAsync(ui);

        await tab.GoAsync("#/dependencies");

        var edges = (await ui.GetJsonAsync("/api/dependencies")).GetProperty("dependencies").EnumerateArray().ToList();
        Assert.Equal(edges.Count, await tab.Page.Locator("#dependency-table tbody tr").CountAsync());
        var failing = edges.First(e => e.GetProperty("error_count").GetInt64() > 0);
        var row = tab.Page.Locator($"#dependency-table tr[data-parent='{failing.GetProperty("parent").GetString()}'][data-child='{failing.GetProperty("child").GetString()}']");
        var p95 = TraceJson.ParseDuration((await row.Locator("td[data-key='p95_ms']").TextContentAsync())!);
        Assert.InRange(p95, (failing.GetProperty("p95_ms").GetDouble() * 0.99) - 0.01, (failing.GetProperty("p95_ms").GetDouble() * 1.01) + 0.01);
        Assert.Contains($"({failing.GetProperty("error_count").GetInt64()})", await row.Locator("td[data-key='error_rate']").TextContentAsync(), StringComparison.Ordinal);

        await tab.Page.Locator("#dependency-graph .node[data-service='edge-api']").HoverAsync();
        var related = await tab.Page.Locator("#dependency-graph path.edge.related").EvaluateAllAsync<string[][]>("paths => paths.map(p => [p.dataset.parent, p.dataset.child])");
        Assert.Equal(edges.Count(e => e.GetProperty("parent").GetString() == "edge-api" || e.GetProperty("child").GetString() == "edge-api"), related.Length);
        Assert.All(related, pair => Assert.Contains("edge-api", pair));
        Assert.Empty(tab.Problems);
    }
}
