using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using TraceFlow.Gateway.Security;

namespace TraceFlow.Web.Tests;

/// <summary>The collector with security on, on a real port, and a headless Chromium to open its UI.</summary>
public sealed class SecuredUiEnvironment : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string QueryKey = "ui-key-7f3e1c9a";
    public const string Service = "secured-ui-svc";

    private readonly int port = FreePort();
    private IPlaywright? playwright;

    public SecuredUiEnvironment() => UseKestrel(port);

    public Uri Address => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        StartServer();
        using var http = new HttpClient { BaseAddress = Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", QueryKey);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var response = await http.PostAsync(
            "/api/spans",
            new StringContent($$"""{"spans":[{"trace_id":"{{Guid.NewGuid():N}}","span_id":"a","service":"{{Service}}","operation":"GET /","start_unix_ms":{{now}},"duration_ms":3}]}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await base.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Local");
        builder.UseSetting("TraceFlow:Cluster:ClusterId", $"secured-ui-{Guid.NewGuid():N}");
        builder.UseSetting("TraceFlow:Cluster:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("TraceFlow:Cluster:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("TraceFlow:Security:Enabled", "true");
        builder.UseSetting("TraceFlow:Security:Keys:0:Name", "ui");
        builder.UseSetting("TraceFlow:Security:Keys:0:Sha256", ApiKeyHash.Hash(QueryKey));
        builder.UseSetting("TraceFlow:Security:Keys:0:Tenant", "ui-tenant");
        builder.UseSetting("TraceFlow:Security:Keys:0:Roles:0", GatewayRoles.Ingest);
        builder.UseSetting("TraceFlow:Security:Keys:0:Roles:1", GatewayRoles.Query);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>With security on, the UI asks for a key when the API answers 401, keeps it for the tab, and sends it.</summary>
public sealed class ApiKeyPromptTests(SecuredUiEnvironment ui) : IClassFixture<SecuredUiEnvironment>
{
    [Fact]
    public async Task Unauthorized_ShowsAKeyPrompt_ARefusedKeyAsksAgain_AndTheRightKeyLoadsTheView()
    {
        await using var context = await ui.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = ui.Address.ToString() });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        await page.GotoAsync("/#/services");
        var dialog = page.Locator("#api-key-dialog");
        await dialog.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        Assert.Contains("needs an API key", await dialog.TextContentAsync(), StringComparison.Ordinal);

        await page.FillAsync("#api-key-input", "wrong-key");
        await page.ClickAsync("#api-key-dialog button[type=submit]");
        await page.Locator("#api-key-dialog", new PageLocatorOptions { HasText = "did not accept" }).WaitForAsync();

        await page.FillAsync("#api-key-input", SecuredUiEnvironment.QueryKey);
        await page.ClickAsync("#api-key-dialog button[type=submit]");
        await page.Locator("#view", new PageLocatorOptions { HasText = SecuredUiEnvironment.Service }).WaitForAsync();
        Assert.Equal(0, await page.Locator("#api-key-dialog").CountAsync());
        Assert.Equal(SecuredUiEnvironment.QueryKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('traceflow.apiKey')"));

        // The key lasts for the tab: a reload asks for nothing.
        await page.ReloadAsync();
        await page.Locator("#view", new PageLocatorOptions { HasText = SecuredUiEnvironment.Service }).WaitForAsync();
        Assert.Equal(0, await page.Locator("#api-key-dialog").CountAsync());
        Assert.Empty(pageErrors);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Infrastructure.UiPage.ArtifactsDirectory, "api-key-loaded.png") });
    }
}
