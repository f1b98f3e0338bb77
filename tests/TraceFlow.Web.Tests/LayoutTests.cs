using TraceFlow.Web.Tests.Infrastructure;

namespace TraceFlow.Web.Tests;

/// <summary>Every view in both themes at a laptop's and a desktop's size: loads cleanly, fits the width, screenshot saved.</summary>
[Collection(UiCollection.Name)]
public sealed class LayoutTests(UiEnvironment ui)
{
    public static TheoryData<string, string, int, int, string> Views()
    {
        var data = new TheoryData<string, string, int, int, string>();
        var views = new (string Name, string Route)[]
        {
            ("overview", "#/?paused=1"),
            ("search", "#/search?limit=100"),
            ("trace", $"#/trace/{UiDataSet.CriticalTraceId}?span=payment"),
            ("flame", $"#/trace/{UiDataSet.CriticalTraceId}?view=flame"),
            ("trace-statistics", $"#/trace/{UiDataSet.CriticalTraceId}?view=stats"),
            ("compare", $"#/compare?a={UiDataSet.CompareA}&b={UiDataSet.CompareB}"),
            ("services", "#/services"),
            ("dependencies", "#/dependencies"),
        };
        foreach (var (name, route) in views)
        {
            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                foreach (var theme in new[] { "dark", "light" })
                {
                    data.Add(name, route, width, height, theme);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Views))]
    public async Task View_LoadsWithoutErrors_AndFitsTheWindowWidth(string name, string route, int width, int height, string theme)
    {
        await using var tab = await UiPage.OpenAsync(ui, width, height, theme);

        await tab.GoAsync(route);

        Assert.Equal(theme, await tab.Page.GetAttributeAsync("html", "data-theme"));
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
        Assert.Equal(0, await tab.Page.Locator(".error-text[role=alert]").CountAsync());
        Assert.Empty(tab.Problems);
        await tab.ScreenshotAsync($"{name}-{width}x{height}-{theme}");
    }

    [Fact]
    public async Task ThemeToggle_SwitchesTheColours_AndTheChoiceSurvivesAReload()
    {
        await using var tab = await UiPage.OpenAsync(ui, theme: "dark");
        await tab.GoAsync("#/services");
        var dark = await tab.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

        await tab.Page.ClickAsync("#theme-toggle");

        Assert.Equal("light", await tab.Page.GetAttributeAsync("html", "data-theme"));
        Assert.NotEqual(dark, await tab.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        await tab.Page.ReloadAsync();
        await tab.WaitLoadedAsync();
        Assert.Equal("light", await tab.Page.GetAttributeAsync("html", "data-theme"));
        Assert.Empty(tab.Problems);
    }
}
