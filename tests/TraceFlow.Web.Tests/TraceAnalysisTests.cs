using System.Globalization;
using Microsoft.Playwright;
using TraceFlow.Web.Tests.Infrastructure;

namespace TraceFlow.Web.Tests;

/// <summary>Flame graph, the trace statistics table and comparing two traces.</summary>
[Collection(UiCollection.Name)]
public sealed class TraceAnalysisTests(UiEnvironment ui)
{
    [Fact]
    public async Task FlameGraph_HasAFramePerSpan_BelowItsParent_ToScale_WithoutOverlaps_AndClickingZoomsToIt()
    {
        var trace = await ui.TraceAsync(UiDataSet.CriticalTraceId);
        await using var tab = await UiPage.OpenAsync(ui);

        await tab.GoAsync($"#/trace/{UiDataSet.CriticalTraceId}?view=flame");

        var frames = tab.Page.Locator(".flame-frame");
        Assert.Equal(trace.Spans().Count, await frames.CountAsync());
        var graph = (await tab.Page.Locator("#flame-graph").BoundingBoxAsync())!;
        var boxes = new Dictionary<string, LocatorBoundingBoxResult>();
        foreach (var span in trace.Spans())
        {
            boxes[span.Id()] = (await tab.Page.Locator($".flame-frame[data-span-id='{span.Id()}']").BoundingBoxAsync())!;
            var expectedX = graph.X + (graph.Width * (span.GetProperty("start_unix_ms").GetDouble() - trace.GetProperty("start_unix_ms").GetDouble()) / 100);
            var expectedWidth = graph.Width * span.GetProperty("duration_ms").GetDouble() / 100;
            Assert.InRange(boxes[span.Id()].X, expectedX - 2, expectedX + 2);
            Assert.InRange(boxes[span.Id()].Width, expectedWidth - 2, expectedWidth + 2);
        }

        foreach (var span in trace.Spans().Where(s => s.ParentId() is not null))
        {
            Assert.True(boxes[span.Id()].Y > boxes[span.ParentId()!].Y, $"{span.Id()} is not below its parent");
        }

        foreach (var (a, b) in boxes.Keys.SelectMany(a => boxes.Keys.Where(b => string.CompareOrdinal(a, b) < 0).Select(b => (a, b))))
        {
            var overlap = boxes[a].X < boxes[b].X + boxes[b].Width - 1 && boxes[b].X < boxes[a].X + boxes[a].Width - 1
                && boxes[a].Y < boxes[b].Y + boxes[b].Height - 1 && boxes[b].Y < boxes[a].Y + boxes[a].Height - 1;
            Assert.False(overlap, $"frames {a} and {b} overlap");
        }

        await tab.Page.Locator(".flame-frame[data-span-id='payment']").ClickAsync();
        var zoomed = (await tab.Page.Locator(".flame-frame[data-span-id='payment']").BoundingBoxAsync())!;
        Assert.InRange(zoomed.Width, graph.Width - 2, graph.Width + 2);
        Assert.Equal(0, await tab.Page.Locator(".flame-frame[data-span-id='auth']").CountAsync());
        Assert.Contains("payment-svc", await tab.TextAsync("#span-details"), StringComparison.Ordinal);
        await tab.Page.ClickAsync("#flame-reset");
        Assert.Equal(trace.Spans().Count, await frames.CountAsync());
        Assert.Empty(tab.Problems);
        await tab.ScreenshotAsync("trace-flame-graph");
    }

    [Fact]
    public async Task StatisticsTable_GivesCountTotalSelfTimeAndMinAvgMax_PerServiceAndOperation()
    {
        await using var tab = await UiPage.OpenAsync(ui);

        await tab.GoAsync($"#/trace/{UiDataSet.CriticalTraceId}?view=stats");

        // payment-svc 45–95 ms with children fraud 47–60 and bank 62–93: self 50 − 13 − 31 = 6 ms.
        var payment = tab.Page.Locator(".trace-stats tr[data-service='payment-svc']");
        Assert.Equal("1", await payment.Locator("td[data-key='count']").TextContentAsync());
        Assert.Equal(50, TraceJson.ParseDuration((await payment.Locator("td[data-key='totalMs']").TextContentAsync())!), 2);
        Assert.Equal(6, TraceJson.ParseDuration((await payment.Locator("td[data-key='selfMs']").TextContentAsync())!), 2);
        // shop root 0–100 with children covering 2–40, 45–95 and 96–99: self 2 + 5 + 1 + 1 = 9 ms.
        var shop = tab.Page.Locator(".trace-stats tr[data-service='shop']");
        Assert.Equal(9, TraceJson.ParseDuration((await shop.Locator("td[data-key='selfMs']").TextContentAsync())!), 2);
        Assert.Equal(9, await tab.Page.Locator(".trace-stats tbody tr").CountAsync());

        await tab.Page.ClickAsync(".trace-stats th[data-key='maxMs'] button");
        Assert.Equal("descending", await tab.Page.Locator(".trace-stats th[data-key='maxMs']").GetAttributeAsync("aria-sort"));
        Assert.Equal("shop", await tab.Page.Locator(".trace-stats tbody tr").First.GetAttributeAsync("data-service"));
        Assert.Empty(tab.Problems);
        await tab.ScreenshotAsync("trace-statistics");
    }

    [Fact]
    public async Task DemoTraceStatistics_CountEverySpanOnce()
    {
        var trace = await ui.TraceAsync(ui.DemoTraceIds[0]);
        await using var tab = await UiPage.OpenAsync(ui);

        await tab.GoAsync($"#/trace/{ui.DemoTraceIds[0]}?view=stats");

        var counts = await tab.Page.Locator(".trace-stats td[data-key='count']").AllTextContentsAsync();
        Assert.Equal(trace.Spans().Count, counts.Sum(c => int.Parse(c, CultureInfo.InvariantCulture)));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task Compare_ShowsSpansAddedMissingAndSlower()
    {
        await using var tab = await UiPage.OpenAsync(ui);

        await tab.GoAsync($"#/compare?a={UiDataSet.CompareA}&b={UiDataSet.CompareB}");

        Assert.Equal("slower", await VerdictAsync("reports: GET /report"));
        Assert.Equal("slower", await VerdictAsync("reports: GET /report › reports-db: query"));
        Assert.Equal("missing", await VerdictAsync("reports: GET /report › reports-cache: get"));
        Assert.Equal("same", await VerdictAsync("reports: GET /report › reports: render"));
        Assert.Equal("added", await VerdictAsync("reports: GET /report › audit: log"));
        Assert.Equal("1 added, 1 missing, 2 slower, 0 faster in B", await tab.TextAsync("#compare-counts"));
        Assert.Empty(tab.Problems);
        await tab.ScreenshotAsync("compare");

        async Task<string?> VerdictAsync(string path) =>
            await tab.Page.Locator("#compare-table tr[data-path]").EvaluateAllAsync<string?>(
                "(rows, path) => rows.find(r => r.dataset.path === path)?.dataset.verdict ?? null", path);
    }

    [Fact]
    public async Task CompareButton_InSearch_OpensTheTwoPickedTraces()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync("#/search?service=reports&limit=1000");

        await tab.Page.Locator($"#search-table tr[data-trace-id='{UiDataSet.CompareA}'] input.pick").CheckAsync();
        await tab.Page.Locator($"#search-table tr[data-trace-id='{UiDataSet.CompareB}'] input.pick").CheckAsync();
        await tab.NavigateByAsync(() => tab.Page.ClickAsync("#compare-selected"));

        Assert.Equal(5, await tab.Page.Locator("#compare-table tbody tr").CountAsync());
        Assert.Contains("compare", tab.Page.Url, StringComparison.Ordinal);
        Assert.Empty(tab.Problems);
    }
}
