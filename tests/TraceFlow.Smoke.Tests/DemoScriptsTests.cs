using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceFlow.Smoke.Tests;

/// <summary>The seed's newcomer path: collector, demo services, five checkouts, stats, benchmark, stop.</summary>
public sealed partial class DemoScriptsTests
{
    [Fact]
    public async Task StartCollector_StartDemoServices_Demo_Bench_Stop_WorksEndToEnd()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var scripts = new RepositoryScripts();
        var checkoutPort = RepositoryScripts.FreePort();
        scripts.Environment["TRACEFLOW_CHECKOUT_PORT"] = checkoutPort.ToString(CultureInfo.InvariantCulture);
        scripts.Environment["TRACEFLOW_INVENTORY_PORT"] = RepositoryScripts.FreePort().ToString(CultureInfo.InvariantCulture);
        scripts.Environment["TRACEFLOW_PAYMENT_PORT"] = RepositoryScripts.FreePort().ToString(CultureInfo.InvariantCulture);

        var (collectorCode, collectorOutput) = await scripts.RunAsync("start_collector.sh", cancel);
        Assert.True(collectorCode == 0, collectorOutput);
        var (servicesCode, servicesOutput) = await scripts.RunAsync("start_demo_services.sh", cancel);
        Assert.True(servicesCode == 0, servicesOutput);
        Assert.Contains($"http://127.0.0.1:{checkoutPort}/checkout", servicesOutput, StringComparison.Ordinal);

        var (demoCode, demoOutput) = await scripts.RunAsync("demo.sh", cancel);
        Assert.True(demoCode == 0, demoOutput);
        var traceIds = CheckoutLine().Matches(demoOutput).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(5, traceIds.Distinct().Count());
        Assert.Matches("\"service_count\":\\s*3", demoOutput);

        using var http = new HttpClient { BaseAddress = scripts.BaseAddress };
        var stats = await http.GetFromJsonAsync<JsonElement>("/api/stats", cancel);
        Assert.Equal(5, stats.GetProperty("trace_count").GetInt64());
        Assert.Equal(["checkout", "inventory", "payment"], stats.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        // A service's spans may come after the decision, as late spans that join the stored trace.
        var trace = await RepositoryScripts.PollAsync(http, $"/api/traces/{traceIds[0]}", cancel, t => t.GetProperty("dependency_path").GetArrayLength() >= 2);
        Assert.Equal(["checkout → inventory", "checkout → payment"], trace.GetProperty("dependency_path").EnumerateArray().Select(p => p.GetString()).Order());

        var (benchCode, benchOutput) = await scripts.RunAsync("bench.sh", cancel, "20", "5");
        Assert.True(benchCode == 0, benchOutput);
        Assert.Matches(@"completed in [\d.]+ s: [\d.]+ requests/s, 0 failed", benchOutput);
        Assert.Matches(@"latency ms: p50 [\d.]+  p95 [\d.]+  p99 [\d.]+", benchOutput);
        Assert.Contains("holds 20 of the 20 checkout traces", benchOutput, StringComparison.Ordinal);

        var (stopCode, stopOutput) = await scripts.RunAsync("stop.sh", cancel);
        Assert.True(stopCode == 0, stopOutput);
        foreach (var name in new[] { "collector", "checkout", "inventory", "payment" })
        {
            Assert.Contains($"stopped {name} (pid", stopOutput, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFiles(scripts.RunDirectory, "*.pid"));
    }

    [GeneratedRegex("""checkout: \{"ok":true,"trace_id":"([0-9a-f]{32})"\}""")]
    private static partial Regex CheckoutLine();
}
