using Microsoft.Playwright;

namespace TraceFlow.Web.Tests.Infrastructure;

/// <summary>
/// A browser tab on the UI that records console errors and uncaught exceptions, and saves
/// screenshots as test artifacts (under <c>artifacts/ui</c> at the repository root, or
/// <c>TRACEFLOW_ARTIFACTS</c>).
/// </summary>
public sealed class UiPage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly List<string> problems = [];

    private UiPage(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (problems)
                {
                    problems.Add($"console {message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (problems)
            {
                problems.Add($"page error: {error}");
            }
        };
        page.Dialog += (_, dialog) =>
        {
            lock (problems)
            {
                problems.Add($"dialog opened: {dialog.Message}");
            }

            _ = dialog.DismissAsync();
        };
    }

    public IPage Page { get; }

    public static string ArtifactsDirectory { get; } = Environment.GetEnvironmentVariable("TRACEFLOW_ARTIFACTS")
        ?? Path.Combine(RepositoryRoot(), "artifacts", "ui");

    public static async Task<UiPage> OpenAsync(UiEnvironment environment, int width = 1280, int height = 800, string theme = "dark")
    {
        var context = await environment.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = environment.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = theme == "light" ? ColorScheme.Light : ColorScheme.Dark,
        });
        context.SetDefaultTimeout(15_000);
        return new UiPage(context, await context.NewPageAsync());
    }

    /// <summary>Opens a view by its hash route and waits until it has finished loading.</summary>
    public async Task GoAsync(string route)
    {
        await Page.GotoAsync("/" + route);
        await WaitLoadedAsync();
    }

    public Task WaitLoadedAsync() =>
        Page.WaitForFunctionAsync("() => { const v = document.getElementById('view'); return v && v.dataset.renders && !v.hasAttribute('aria-busy'); }");

    /// <summary>Runs an action that changes the view (a click, a key) and waits until the new view has rendered.</summary>
    public async Task NavigateByAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var before = await Page.EvaluateAsync<int>("() => Number(document.getElementById('view').dataset.renders ?? 0)");
        await action();
        await Page.WaitForFunctionAsync(
            "before => { const v = document.getElementById('view'); return Number(v.dataset.renders ?? 0) > before && !v.hasAttribute('aria-busy'); }",
            before);
    }

    /// <summary>Console errors, warnings, uncaught exceptions and dialogs seen so far.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
            {
                return [.. problems];
            }
        }
    }

    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        var path = Path.Combine(ArtifactsDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }

    public async Task<int> CountAsync(string selector) => await Page.Locator(selector).CountAsync();

    public async Task<string> TextAsync(string selector) => (await Page.Locator(selector).First.TextContentAsync()) ?? "";

    public async ValueTask DisposeAsync() => await context.DisposeAsync();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TraceFlow.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
