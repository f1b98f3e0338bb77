using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using TraceFlow.Web.Tests.Infrastructure;

namespace TraceFlow.Web.Tests;

/// <summary>The trace view: waterfall, nesting, durations, critical path, span details, links.</summary>
[Collection(UiCollection.Name)]
public sealed class TraceViewTests(UiEnvironment ui)
{
    [Fact]
    public async Task DemoTrace_ShowsEverySpan_WithItsParentDepthAndDuration_AndBarsToScale()
    {
        var traceId = ui.DemoTraceIds[0];
        var trace = await ui.TraceAsync(traceId);
        await using var tab = await UiPage.OpenAsync(ui);

        await tab.GoAsync($"#/trace/{traceId}");

        var rows = tab.Page.Locator(".span-row");
        Assert.Equal(trace.Spans().Count, await rows.CountAsync());
        var depths = trace.Depths();
        var traceMs = trace.GetProperty("duration_ms").GetDouble();
        var axisWidth = (await tab.Page.Locator(".span-row .span-timing").First.BoundingBoxAsync())!.Width;
        foreach (var span in trace.Spans())
        {
            var row = tab.Page.Locator($".span-row[data-span-id='{span.Id()}']");
            Assert.Equal(span.ParentId() ?? "", await row.GetAttributeAsync("data-parent-id"));
            Assert.Equal(depths[span.Id()].ToString(CultureInfo.InvariantCulture), await row.GetAttributeAsync("data-depth"));
            Assert.Equal(depths[span.Id()] + 1, int.Parse((await row.GetAttributeAsync("aria-level"))!, CultureInfo.InvariantCulture));
            var durationMs = span.GetProperty("duration_ms").GetDouble();
            var shown = TraceJson.ParseDuration((await row.Locator(".span-duration").TextContentAsync())!);
            Assert.InRange(shown, (durationMs * 0.99) - 0.01, (durationMs * 1.01) + 0.01);
            Assert.Equal(span.GetProperty("operation").GetString(), await row.Locator(".span-operation").GetAttributeAsync("title"));
            var bar = (await row.Locator(".span-bar").BoundingBoxAsync())!;
            Assert.InRange(bar.Width, Math.Max(1, (axisWidth * durationMs / traceMs) - 1.5), (axisWidth * durationMs / traceMs) + 1.5);
        }

        // Children follow their parent: every row's parent is an earlier row.
        var order = await rows.EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.dataset.spanId, r.dataset.parentId])");
        var seen = new HashSet<string>();
        foreach (var pair in order)
        {
            Assert.True(pair[1].Length == 0 || seen.Contains(pair[1]), $"span {pair[0]} is listed before its parent {pair[1]}");
            seen.Add(pair[0]);
        }

        Assert.Empty(tab.Problems);
        await tab.ScreenshotAsync("trace-demo-1280");
    }

    [Fact]
    public async Task CriticalPath_OfTheConstructedTrace_IsTheKnownOne_AndMatchesTheIndependentComputation()
    {
        var trace = await ui.TraceAsync(UiDataSet.CriticalTraceId);
        Assert.Equal([.. UiDataSet.CriticalSpanIds.Order(StringComparer.Ordinal)], CriticalPath.SpanIds(trace).Order(StringComparer.Ordinal));
        await using var tab = await UiPage.OpenAsync(ui);

        await tab.GoAsync($"#/trace/{UiDataSet.CriticalTraceId}");

        Assert.Equal([.. UiDataSet.CriticalSpanIds.Order(StringComparer.Ordinal)], await CriticalRowsAsync(tab.Page));
        Assert.Equal(2, await tab.Page.Locator(".span-row[data-critical='false']").CountAsync());
        Assert.Equal(UiDataSet.CriticalSpanIds.Length, await tab.Page.Locator(".span-row.critical").CountAsync());
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task CriticalPath_OfEveryDemoTrace_MatchesTheIndependentComputation()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        foreach (var traceId in ui.DemoTraceIds)
        {
            var expected = CriticalPath.SpanIds(await ui.TraceAsync(traceId)).Order(StringComparer.Ordinal).ToList();

            await tab.GoAsync($"#/trace/{traceId}");

            Assert.Equal(expected, await CriticalRowsAsync(tab.Page));
        }

        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task FailedCheckout_StandsOut_AndItsSpanDetailsShowStatusEventsAttributesAndThePolicy()
    {
        var traceId = ui.DemoTraceIds[^1];
        var trace = await ui.TraceAsync(traceId);
        var charge = trace.Spans().Single(s => s.GetProperty("operation").GetString() == "payment.charge");
        await using var tab = await UiPage.OpenAsync(ui);

        await tab.GoAsync($"#/trace/{traceId}");
        var row = tab.Page.Locator($".span-row[data-span-id='{charge.Id()}']");
        Assert.Contains("has-error", await row.GetAttributeAsync("class"), StringComparison.Ordinal);
        await row.ClickAsync();

        var details = tab.Page.Locator("#span-details");
        Assert.Contains("card declined", await details.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("exception", await details.Locator("#span-events strong").First.TextContentAsync());
        Assert.Contains(charge.GetProperty("attributes").EnumerateObject().First().Name, await details.Locator("#span-attributes").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(trace.GetProperty("sampling_policy").GetString(), await tab.TextAsync("#sampling-policy"));
        Assert.EndsWith($"span={charge.Id()}", tab.Page.Url, StringComparison.Ordinal);
        Assert.Equal(2, await tab.Page.Locator("#dependency-path li").CountAsync());
        Assert.Empty(tab.Problems);
        await tab.ScreenshotAsync("trace-failed-checkout-details");
    }

    [Fact]
    public async Task PastedTraceId_OpensTheTrace_AndTheCopiedLinkOpensTheSameSpanInANewTab()
    {
        var traceId = ui.DemoTraceIds[1];
        var trace = await ui.TraceAsync(traceId);
        var leaf = trace.Spans()[^1];
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await tab.GoAsync("#/search");

        await tab.Page.FillAsync("#open-trace-id", traceId);
        await tab.NavigateByAsync(() => tab.Page.PressAsync("#open-trace-id", "Enter"));
        await tab.Page.Locator($".span-row[data-span-id='{leaf.Id()}']").ClickAsync();
        await tab.Page.ClickAsync("#copy-link");
        var copied = await tab.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()");

        Assert.Equal($"{ui.Address.ToString().TrimEnd('/')}/#/trace/{traceId}", copied);
        await using var other = await UiPage.OpenAsync(ui);
        await other.Page.GotoAsync(tab.Page.Url);
        await other.WaitLoadedAsync();
        Assert.Equal(traceId, await other.TextAsync("#trace-id"));
        Assert.Equal("true", await other.Page.Locator($".span-row[data-span-id='{leaf.Id()}']").GetAttributeAsync("aria-selected"));
        Assert.Contains(leaf.GetProperty("operation").GetString()!, await other.TextAsync("#span-details .details-operation"), StringComparison.Ordinal);
        Assert.Empty(tab.Problems);
        Assert.Empty(other.Problems);
    }

    [Fact]
    public async Task SpanTree_ArrowKeysMoveTheSelection_AndFoldAndUnfoldSubtrees()
    {
        var trace = await ui.TraceAsync(UiDataSet.CriticalTraceId);
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync($"#/trace/{UiDataSet.CriticalTraceId}");
        var tree = tab.Page.Locator("#waterfall");
        await tree.FocusAsync();

        await tree.PressAsync("ArrowDown");
        Assert.Equal("root", await SelectedAsync(tab.Page));
        await tree.PressAsync("ArrowDown");
        Assert.Equal("auth", await SelectedAsync(tab.Page));
        await tree.PressAsync("ArrowDown");
        Assert.Equal("inventory", await SelectedAsync(tab.Page));
        await tree.PressAsync("ArrowLeft");
        Assert.Equal("false", await tab.Page.Locator(".span-row[data-span-id='inventory']").GetAttributeAsync("aria-expanded"));
        Assert.Equal(0, await tab.Page.Locator(".span-row[data-span-id='inventory-db']").CountAsync());
        await tree.PressAsync("ArrowRight");
        Assert.Equal(1, await tab.Page.Locator(".span-row[data-span-id='inventory-db']").CountAsync());
        await tree.PressAsync("ArrowRight");
        Assert.Equal("inventory-db", await SelectedAsync(tab.Page));
        await tree.PressAsync("ArrowLeft");
        Assert.Equal("inventory", await SelectedAsync(tab.Page));
        await tree.PressAsync("Home");
        await tree.PressAsync("Enter");
        Assert.Equal(1, await tab.Page.Locator(".span-row").CountAsync());
        await tree.PressAsync("Enter");
        Assert.Equal(trace.Spans().Count, await tab.Page.Locator(".span-row").CountAsync());
        Assert.Contains("shop.work", await tab.TextAsync("#span-details"), StringComparison.Ordinal);
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task OtlpSpan_ShowsItsResourceScopeAndLink_AndTheLinkOpensTheLinkedTrace()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync($"#/trace/{UiDataSet.OtlpTraceId}");

        await tab.Page.Locator(".span-row").First.ClickAsync();

        var details = tab.Page.Locator("#span-details");
        Assert.Contains("ui-host-7", await details.Locator("#span-resource").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("1.2.3", await details.Locator("#span-scope").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("follows", await details.Locator("#span-links").TextContentAsync(), StringComparison.Ordinal);
        await tab.NavigateByAsync(() => details.Locator("#span-links a").ClickAsync());
        Assert.Equal(UiDataSet.OtlpLinkedTraceId, await tab.TextAsync("#trace-id"));
        Assert.Equal("true", await tab.Page.Locator($".span-row[data-span-id='{UiDataSet.OtlpLinkedSpanId}']").GetAttributeAsync("aria-selected"));
        Assert.Empty(tab.Problems);
    }

    private static async Task<List<string>> CriticalRowsAsync(IPage page) =>
        [.. (await page.Locator(".span-row[data-critical='true']").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.spanId)")).Order(StringComparer.Ordinal)];

    private static Task<string?> SelectedAsync(IPage page) =>
        page.Locator(".span-row[aria-selected='true']").GetAttributeAsync("data-span-id");
}
