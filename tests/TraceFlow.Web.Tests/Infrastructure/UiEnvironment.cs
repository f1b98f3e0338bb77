using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TraceFlow.Demo.Tests.Infrastructure;

namespace TraceFlow.Web.Tests.Infrastructure;

/// <summary>
/// What every browser test looks at: the real collector and demo services in this process, fed
/// with demo checkouts (some failing) and the generated data set, and one headless Chromium.
/// </summary>
public sealed class UiEnvironment : IAsyncLifetime
{
    private const int OkCheckouts = 5;
    private const int FailingCheckouts = 2;
    private const int DemoSpansPerTrace = 7;
    private static readonly JsonSerializerOptions IngestJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private IPlaywright? playwright;

    public DemoEnvironment Demo { get; } = new();

    public Uri Address => Demo.Collector.Address;

    public HttpClient Api => Demo.CollectorClient;

    public UiDataSet Data { get; } = UiDataSet.Generate(DateTimeOffset.UtcNow.AddMinutes(-20));

    /// <summary>Ids of the demo checkouts' traces, those whose payment failed last.</summary>
    public List<string> DemoTraceIds { get; } = [];

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        await Demo.InitializeAsync();
        using var http = new HttpClient();
        for (var i = 0; i < OkCheckouts + FailingCheckouts; i++)
        {
            var checkout = i < OkCheckouts ? Demo.Checkout : Demo.FailingCheckout;
            using var response = await http.GetAsync(checkout, cancel);
            var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel)).RootElement;
            DemoTraceIds.Add(answer.Text("trace_id")!);
        }

        foreach (var batch in Data.Spans.Chunk(1_000))
        {
            using var response = await Api.PostAsJsonAsync("/api/spans", new { spans = batch }, IngestJson, cancel);
            var body = await response.Content.ReadAsStringAsync(cancel);
            Assert.True(response.IsSuccessStatusCode, body);
            Assert.Equal(batch.Length, JsonDocument.Parse(body).RootElement.GetProperty("accepted").GetInt32());
        }

        using (var otlp = await Api.PostAsync("/v1/traces", new StringContent(Data.OtlpJson, System.Text.Encoding.UTF8, "application/json"), cancel))
        {
            Assert.True(otlp.IsSuccessStatusCode, await otlp.Content.ReadAsStringAsync(cancel));
        }

        foreach (var id in DemoTraceIds)
        {
            await Api.WaitForTraceAsync(id, DemoSpansPerTrace, cancel);
        }

        foreach (var (id, spans) in Data.SpanCounts)
        {
            await Api.WaitForTraceAsync(id, spans, cancel);
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Demo.DisposeAsync();
    }

    /// <summary>The trace as the API returns it.</summary>
    public async Task<JsonElement> TraceAsync(string traceId) =>
        JsonDocument.Parse(await Api.GetStringAsync($"/api/traces/{traceId}", TestContext.Current.CancellationToken)).RootElement.Clone();

    public async Task<JsonElement> GetJsonAsync(string path) =>
        JsonDocument.Parse(await Api.GetStringAsync(path, TestContext.Current.CancellationToken)).RootElement.Clone();
}

/// <summary>One collector, demo and browser for every browser test class.</summary>
[CollectionDefinition(Name)]
public sealed class UiCollection : ICollectionFixture<UiEnvironment>
{
    public const string Name = "UI";
}
