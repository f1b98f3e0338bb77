using System.Text.Json;
using Microsoft.Playwright;
using TraceFlow.Web.Tests.Infrastructure;

namespace TraceFlow.Web.Tests;

/// <summary>Search: each filter narrows the list to exactly what the API returns for it; state lives in the URL.</summary>
[Collection(UiCollection.Name)]
public sealed class SearchTests(UiEnvironment ui)
{
    [Fact]
    public async Task ServiceAndOperation_FromTheForm_NarrowTheListToTracesThroughThem()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync("#/search?limit=1000");
        var everything = await ResultIdsAsync(tab.Page);

        await tab.Page.SelectOptionAsync("#search-service", "shipping");
        await tab.Page.WaitForFunctionAsync("() => document.querySelectorAll('#search-operation option').length > 1");
        await tab.Page.SelectOptionAsync("#search-operation", "GET /shipping");
        await tab.NavigateByAsync(() => tab.Page.ClickAsync("#search-submit"));

        var shown = await ResultIdsAsync(tab.Page);
        var expected = await ApiIdsAsync("service=shipping&operation=GET%20%2Fshipping&limit=1000");
        Assert.Equal(expected, shown);
        Assert.NotEmpty(shown);
        Assert.True(shown.Count < everything.Count, $"{shown.Count} of {everything.Count}");
        Assert.All(await tab.Page.Locator("#search-table .services").AllTextContentsAsync(), s => Assert.Contains("shipping", s, StringComparison.Ordinal));
        Assert.Contains("service=shipping", tab.Page.Url, StringComparison.Ordinal);
        Assert.Empty(tab.Problems);
        await tab.ScreenshotAsync("search-shipping");
    }

    [Fact]
    public async Task TagFilter_FindsExactlyTheTracesCarryingTheTag()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync("#/search?limit=1000");

        await tab.Page.FillAsync("#search-tag", "customer.tier=gold");
        await tab.NavigateByAsync(() => tab.Page.ClickAsync("#search-submit"));

        Assert.Equal(ui.Data.TraceIdsByTier["gold"].Order(StringComparer.Ordinal), await ResultIdsAsync(tab.Page));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task ErrorsOnlyAndDurationBounds_ShowOnlyMatchingTraces()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync("#/search?limit=1000&service=web");
        await tab.Page.CheckAsync("#search-errors");
        await tab.NavigateByAsync(() => tab.Page.ClickAsync("#search-submit"));

        Assert.Equal(ui.Data.ErrorTraceIds.Order(StringComparer.Ordinal), await ResultIdsAsync(tab.Page));
        Assert.Equal(ui.Data.ErrorTraceIds.Count, await tab.Page.Locator("#search-table .trace-row.has-error").CountAsync());
        Assert.Equal(ui.Data.ErrorTraceIds.Count, await tab.Page.Locator("#search-results .dot-error").CountAsync());

        await tab.Page.UncheckAsync("#search-errors");
        await tab.Page.FillAsync("#search-min", "100");
        await tab.Page.FillAsync("#search-max", "1000");
        await tab.NavigateByAsync(() => tab.Page.ClickAsync("#search-submit"));

        var shown = await ResultIdsAsync(tab.Page);
        Assert.Equal(await ApiIdsAsync("service=web&min_duration_ms=100&max_duration_ms=1000&limit=1000"), shown);
        Assert.NotEmpty(shown);
        foreach (var id in shown)
        {
            Assert.InRange((await ui.TraceAsync(id)).GetProperty("duration_ms").GetDouble(), 100, 1000);
        }

        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task SharedSearchLink_RestoresTheFormAndTheResults()
    {
        const string Link = "#/search?service=web&tag=customer.tier%3Dbronze&errors=1&range=24h&limit=1000&sort=slowest";
        await using var tab = await UiPage.OpenAsync(ui);

        await tab.GoAsync(Link);

        Assert.Equal("web", await tab.Page.InputValueAsync("#search-service"));
        Assert.Equal("customer.tier=bronze", await tab.Page.InputValueAsync("#search-tag"));
        Assert.True(await tab.Page.IsCheckedAsync("#search-errors"));
        Assert.Equal("24h", await tab.Page.InputValueAsync("#search-range"));
        Assert.Equal("slowest", await tab.Page.InputValueAsync("#search-sort"));
        var expected = ui.Data.TraceIdsByTier["bronze"].Intersect(ui.Data.ErrorTraceIds).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await ResultIdsAsync(tab.Page));
        var durations = await tab.Page.Locator("#search-table .trace-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.traceId)");
        var slowestFirst = new List<double>();
        foreach (var id in durations)
        {
            slowestFirst.Add((await ui.TraceAsync(id)).GetProperty("duration_ms").GetDouble());
        }

        Assert.Equal(slowestFirst.OrderDescending(), slowestFirst);
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task ScatterPlot_HasADotPerTrace_AndClickingOneOpensIt()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync("#/search?service=reviews&limit=1000");
        var ids = await ResultIdsAsync(tab.Page);
        Assert.Equal(ids.Count, await tab.Page.Locator("#search-results circle.dot").CountAsync());
        var dot = tab.Page.Locator("#search-results circle.dot").Nth(2);
        var traceId = await dot.GetAttributeAsync("data-trace-id");

        await tab.NavigateByAsync(() => dot.ClickAsync());

        Assert.Equal(traceId, await tab.TextAsync("#trace-id"));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task TraceList_ArrowKeysAndEnter_OpenTheChosenTrace()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync("#/search?service=orders&limit=1000");
        var rows = tab.Page.Locator("#search-table .trace-row");
        var third = await rows.Nth(2).GetAttributeAsync("data-trace-id");

        await rows.First.FocusAsync();
        await tab.Page.Keyboard.PressAsync("ArrowDown");
        await tab.Page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal(third, await tab.Page.EvaluateAsync<string>("() => document.activeElement.dataset.traceId"));
        await tab.NavigateByAsync(() => tab.Page.Keyboard.PressAsync("Enter"));

        Assert.Equal(third, await tab.TextAsync("#trace-id"));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task SlowestDemoCheckout_IsFoundBySearch_AndItsTraceShowsTheSlowDownstreamCall()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync("#/search?service=checkout&sort=slowest");

        var slowest = await tab.Page.Locator("#search-table .trace-row").First.GetAttributeAsync("data-trace-id");
        var durations = new Dictionary<string, double>();
        foreach (var id in ui.DemoTraceIds)
        {
            durations[id] = (await ui.TraceAsync(id)).GetProperty("duration_ms").GetDouble();
        }

        Assert.Equal(durations.MaxBy(d => d.Value).Key, slowest);
        await tab.NavigateByAsync(() => tab.Page.Locator("#search-table .trace-row").First.ClickAsync());
        var trace = await ui.TraceAsync(slowest!);
        var slowCall = trace.Spans().Where(s => s.GetProperty("kind").GetString() == "client").MaxBy(s => s.GetProperty("duration_ms").GetDouble());
        var slowRow = tab.Page.Locator($".span-row[data-span-id='{slowCall.Id()}']");
        Assert.Equal("true", await slowRow.GetAttributeAsync("data-critical"));
        await slowRow.ClickAsync();
        Assert.Contains(slowCall.GetProperty("operation").GetString()!, await tab.TextAsync("#span-details .details-operation"), StringComparison.Ordinal);
        Assert.Empty(tab.Problems);
        await tab.ScreenshotAsync("trace-slowest-checkout");
    }

    private static async Task<List<string>> ResultIdsAsync(IPage page) =>
        [.. (await page.Locator("#search-table .trace-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.traceId)")).Order(StringComparer.Ordinal)];

    private async Task<List<string>> ApiIdsAsync(string query)
    {
        var body = await ui.GetJsonAsync($"/api/traces?{query}&from_unix_ms={DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds()}");
        return [.. body.GetProperty("traces").EnumerateArray().Select(t => t.GetProperty("trace_id").GetString()!).Order(StringComparer.Ordinal)];
    }
}
