using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TraceFlow.Deploy.Tests.Infrastructure;

/// <summary>
/// The real gateway in-process (local profile, co-hosting a silo), fed one two-service trace and
/// one invalid span, with the trace decided and stored and its statistics exported as metrics
/// before any test runs. ClickHouse is configured at a port nothing listens on, so its writer runs
/// and registers its metrics while the queries read the in-memory store.
/// </summary>
public sealed class RunningGateway : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    public const string Service = "deploy-frontend";
    public const string Operation = "GET /cart";
    public const string BackendService = "deploy-backend";
    public const string BackendOperation = "SELECT cart";

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Client = CreateClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = $$"""
            {"spans":[
              {"trace_id":"{{TraceId}}","span_id":"00f067aa0ba902b7","service":"{{Service}}","operation":"{{Operation}}","start_unix_ms":{{now}},"duration_ms":120,"status":"ok"},
              {"trace_id":"{{TraceId}}","span_id":"00f067aa0ba902b8","parent_span_id":"00f067aa0ba902b7","service":"{{BackendService}}","operation":"{{BackendOperation}}","start_unix_ms":{{now + 10}},"duration_ms":80,"status":"error"},
              {"trace_id":"{{TraceId}}","span_id":"00f067aa0ba902b9","service":"{{BackendService}}","operation":"bad","start_unix_ms":{{now}},"duration_ms":-1,"status":"ok"}
            ]}
            """;
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("/api/spans", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitUntilAsync($"trace {TraceId} was not stored", TraceIsStoredAsync);
        await WaitUntilAsync("operation metrics were not exported", OperationMetricsAreExportedAsync);
    }

    public new async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await base.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Local");
        builder.UseSetting("TraceFlow:Cluster:ClusterId", $"deploy-tests-{Guid.NewGuid():N}");
        builder.UseSetting("TraceFlow:Cluster:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("TraceFlow:Cluster:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("TraceFlow:ClickHouse:Url", $"http://127.0.0.1:{FreePort()}");
        builder.UseSetting("TraceFlow:ClickHouse:QueryMode", "Memory");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until <paramref name="done"/> holds: the local profile decides a trace after a second of quiet, and statistics flush every second.</summary>
    private static async Task WaitUntilAsync(string what, Func<Task<bool>> done)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (await done())
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        }

        throw new Xunit.Sdk.XunitException($"{what} within 30 s");
    }

    private async Task<bool> TraceIsStoredAsync()
    {
        using var response = await Client.GetAsync($"/api/traces/{TraceId}", TestContext.Current.CancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Operation metrics are exported once the silo has delivered its statistics of both services.</summary>
    private async Task<bool> OperationMetricsAreExportedAsync()
    {
        var text = await Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        return text.Contains($"traceflow_operation_spans_total{{service=\"{Service}\"", StringComparison.Ordinal)
            && text.Contains($"traceflow_operation_spans_total{{service=\"{BackendService}\"", StringComparison.Ordinal);
    }
}

/// <summary>One running gateway for every test class that scrapes or queries it.</summary>
[CollectionDefinition(Name)]
public sealed class RunningGatewayCollection : ICollectionFixture<RunningGateway>
{
    public const string Name = "RunningGateway";
}
