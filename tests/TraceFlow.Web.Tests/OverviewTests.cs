using System.Globalization;
using System.Text.Json;
using TraceFlow.Web.Tests.Infrastructure;

namespace TraceFlow.Web.Tests;

/// <summary>The overview: counts, percentiles, ingest rate, latency chart, auto-refresh that pauses.</summary>
[Collection(UiCollection.Name)]
public sealed class OverviewTests(UiEnvironment ui)
{
    [Fact]
    public async Task Overview_ShowsTheCollectorsCountsAndPercentiles_AndALatencyChart()
    {
        var before = await ui.GetJsonAsync("/api/stats");
        await using var tab = await UiPage.OpenAsync(ui);

        await tab.GoAsync("#/");

        var after = await ui.GetJsonAsync("/api/stats");
        Assert.InRange(await CardNumberAsync(tab, "traces"), before.GetProperty("trace_count").GetInt64(), after.GetProperty("trace_count").GetInt64());
        Assert.InRange(await CardNumberAsync(tab, "spans"), before.GetProperty("span_count").GetInt64(), after.GetProperty("span_count").GetInt64());
        Assert.Equal(after.GetProperty("service_count").GetInt32(), await CardNumberAsync(tab, "services"));
        foreach (var percentile in new[] { "p50", "p95", "p99" })
        {
            var shown = TraceJson.ParseDuration(await tab.TextAsync($"[data-card='{percentile}'] .card-value"));
            var low = Math.Min(before.GetProperty($"{percentile}_ms").GetDouble(), after.GetProperty($"{percentile}_ms").GetDouble());
            var high = Math.Max(before.GetProperty($"{percentile}_ms").GetDouble(), after.GetProperty($"{percentile}_ms").GetDouble());
            Assert.InRange(shown, (low * 0.99) - 0.01, (high * 1.01) + 0.01);
        }

        Assert.Matches(@"^[0-9.,]+/s$", await tab.TextAsync("[data-card='rate'] .card-value"));
        var p95Line = await tab.Page.Locator("path[data-series='p95']").GetAttributeAsync("d");
        Assert.Matches("^M[0-9.]+,[0-9.]+", p95Line);
        Assert.True(await tab.Page.Locator(".chart .bar").CountAsync() > 0);
        Assert.True(await tab.Page.Locator("#recent-table .trace-row").CountAsync() > 0);
        Assert.Empty(tab.Problems);
        await tab.ScreenshotAsync("overview");
    }

    [Fact]
    public async Task AutoRefresh_ReloadsEveryFiveSeconds_UntilPaused_AndResumesAtOnce()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        var statsRequests = 0;
        using var requested = new SemaphoreSlim(0);
        tab.Page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == "/api/stats")
            {
                Interlocked.Increment(ref statsRequests);
                requested.Release();
            }
        };
        await tab.Page.Clock.InstallAsync();
        await tab.GoAsync("#/");
        Assert.Equal(1, Volatile.Read(ref statsRequests));

        await tab.Page.Clock.RunForAsync(5_100);
        await WaitForRequestsAsync(2);

        await tab.Page.ClickAsync("#refresh-toggle");
        Assert.Equal("true", await tab.Page.GetAttributeAsync("#refresh-toggle", "aria-pressed"));
        Assert.Contains("paused=1", tab.Page.Url, StringComparison.Ordinal);
        var paused = Volatile.Read(ref statsRequests);
        await tab.Page.Clock.RunForAsync(30_000);
        Assert.Equal(paused, Volatile.Read(ref statsRequests));

        await tab.Page.ClickAsync("#refresh-toggle");
        await WaitForRequestsAsync(paused + 1);
        Assert.Equal("false", await tab.Page.GetAttributeAsync("#refresh-toggle", "aria-pressed"));
        Assert.Empty(tab.Problems);

        async Task WaitForRequestsAsync(int count)
        {
            while (Volatile.Read(ref statsRequests) < count)
            {
                Assert.True(await requested.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken), $"{statsRequests} stats requests, expected {count}");
            }
        }
    }

    private static async Task<long> CardNumberAsync(UiPage tab, string card) =>
        long.Parse(await tab.TextAsync($"[data-card='{card}'] .card-value"), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
