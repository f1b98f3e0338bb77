using System.Text.Json;
using Microsoft.Playwright;
using TraceFlow.Web.Tests.Infrastructure;

namespace TraceFlow.Web.Tests;

/// <summary>Services: per service and operation rate, errors and percentiles, sortable, each with a histogram.</summary>
[Collection(UiCollection.Name)]
public sealed class ServicesTests(UiEnvironment ui)
{
    [Fact]
    public async Task ServiceTable_HasARowPerService_WithItsPercentilesAndAHistogram()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync("#/services");
        var stats = await ui.GetJsonAsync("/api/stats");
        var bins = stats.GetProperty("histogram_bounds_ms").GetArrayLength() + 1;

        var services = stats.GetProperty("per_service").EnumerateArray().ToList();
        Assert.Equal(services.Count, await tab.Page.Locator("#services-table tbody tr").CountAsync());
        foreach (var service in services.Where(s => UiDataSet.MeshServices.Contains(s.GetProperty("service").GetString())))
        {
            var row = tab.Page.Locator("#services-table tbody tr").Filter(new() { Has = tab.Page.Locator($"[title='{service.GetProperty("service").GetString()}']") });
            var p95 = TraceJson.ParseDuration((await row.Locator("td[data-key='p95_ms']").TextContentAsync())!);
            Assert.InRange(p95, (service.GetProperty("p95_ms").GetDouble() * 0.99) - 0.01, (service.GetProperty("p95_ms").GetDouble() * 1.01) + 0.01);
            Assert.Equal(bins, await row.Locator(".mini-histogram rect").CountAsync());
        }

        Assert.Empty(tab.Problems);
        await tab.ScreenshotAsync("services");
    }

    [Fact]
    public async Task ClickingAColumnHeader_SortsByIt_AndAgainReversesTheOrder()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync("#/services");
        var stats = await ui.GetJsonAsync("/api/stats");
        var byP95 = stats.GetProperty("per_service").EnumerateArray()
            .OrderByDescending(s => s.GetProperty("p95_ms").GetDouble()).Select(s => s.GetProperty("service").GetString()).ToList();

        await tab.Page.ClickAsync("#services-table th[data-key='p95_ms'] button");
        Assert.Equal(byP95[0], await tab.Page.Locator("#services-table tbody tr").First.GetAttributeAsync("data-service"));
        await tab.Page.ClickAsync("#services-table th[data-key='p95_ms'] button");
        Assert.Equal("ascending", await tab.Page.Locator("#services-table th[data-key='p95_ms']").GetAttributeAsync("aria-sort"));
        Assert.Equal(byP95[^1], await tab.Page.Locator("#services-table tbody tr").First.GetAttributeAsync("data-service"));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task SelectingAService_ListsItsOperations_WithRatesOverTheStatsWindow()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync("#/services");

        await tab.NavigateByAsync(() => tab.Page.Locator("#services-table tr[data-service='edge-api']").ClickAsync());

        var stats = await ui.GetJsonAsync("/api/stats");
        var operations = stats.GetProperty("per_operation").EnumerateArray().Where(o => o.GetProperty("service").GetString() == "edge-api").ToList();
        Assert.Equal(operations.Count, await tab.Page.Locator("#operations-table tbody tr").CountAsync());
        Assert.All(await tab.Page.Locator("#operations-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.service)"), s => Assert.Equal("edge-api", s));
        Assert.Contains("service=edge-api", tab.Page.Url, StringComparison.Ordinal);
        Assert.Matches("/s$", await tab.Page.Locator("#operations-table td[data-key='rate']").First.TextContentAsync());
        Assert.Empty(tab.Problems);
    }
}
