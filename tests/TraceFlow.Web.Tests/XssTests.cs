using TraceFlow.Web.Tests.Infrastructure;

namespace TraceFlow.Web.Tests;

/// <summary>Names and values that are HTML or script show as text everywhere and never run.</summary>
[Collection(UiCollection.Name)]
public sealed class XssTests(UiEnvironment ui)
{
    /// <summary>Elements or handlers that would exist if any of the data had been parsed as markup.</summary>
    private const string InjectedMarkup =
        "() => document.querySelectorAll('img, iframe, b, script:not([type=module]), [onerror], [onload], [onmouseover]').length";

    [Theory]
    [InlineData("#/trace/" + UiDataSet.XssTraceId, UiDataSet.XssOperation)]
    [InlineData("#/trace/" + UiDataSet.XssTraceId + "?view=flame", UiDataSet.XssOperation)]
    [InlineData("#/trace/" + UiDataSet.XssTraceId + "?view=stats", UiDataSet.XssOperation)]
    [InlineData("#/search?service=xss-shop", UiDataSet.XssOperation)]
    [InlineData("#/services", UiDataSet.XssOperation)]
    [InlineData("#/dependencies", UiDataSet.XssService)]
    [InlineData("#/compare?a=" + UiDataSet.XssTraceId + "&b=" + UiDataSet.CompareA, UiDataSet.XssOperation)]
    public async Task HostileNames_AreInertText_InEveryView(string route, string shown)
    {
        await using var tab = await UiPage.OpenAsync(ui);

        await tab.GoAsync(route);

        Assert.Contains(shown, await tab.Page.Locator("#view").TextContentAsync() + await TitlesAsync(tab), StringComparison.Ordinal);
        Assert.Equal(0, await tab.Page.EvaluateAsync<int>(InjectedMarkup));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task HostileSpanDetails_ShowAttributesEventsAndStatusAsWritten()
    {
        await using var tab = await UiPage.OpenAsync(ui);
        await tab.GoAsync($"#/trace/{UiDataSet.XssTraceId}?span=root");

        var details = await tab.TextAsync("#span-details");
        Assert.Contains(UiDataSet.XssAttribute, details, StringComparison.Ordinal);
        Assert.Contains(UiDataSet.XssEvent, details, StringComparison.Ordinal);
        Assert.Contains(UiDataSet.XssStatusMessage, details, StringComparison.Ordinal);
        Assert.Equal(UiDataSet.XssService, await tab.Page.Locator(".span-row[data-span-id='child'] .span-service").GetAttributeAsync("title"));
        Assert.Equal(0, await tab.Page.EvaluateAsync<int>(InjectedMarkup));
        Assert.Empty(tab.Problems);
        await tab.ScreenshotAsync("trace-xss");
    }

    private static async Task<string> TitlesAsync(UiPage tab) =>
        string.Join('\n', await tab.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[title], title')].map(e => e.getAttribute('title') ?? e.textContent)"));
}
