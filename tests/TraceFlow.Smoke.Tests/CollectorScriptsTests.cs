using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace TraceFlow.Smoke.Tests;

public sealed class CollectorScriptsTests
{
    [Fact]
    public async Task StartCollector_ThenSeedCurlFlow_ThenStop_WorksEndToEnd()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var scripts = new RepositoryScripts();

        var (startCode, startOutput) = await scripts.RunAsync("start_collector.sh", cancel);
        Assert.True(startCode == 0, startOutput);
        Assert.Contains($"http://127.0.0.1:{scripts.Port}", startOutput, StringComparison.Ordinal);
        Assert.Contains($"OTLP/gRPC:  http://127.0.0.1:{scripts.OtlpGrpcPort}", startOutput, StringComparison.Ordinal);
        Assert.Contains($"OTLP/HTTP:  http://127.0.0.1:{scripts.OtlpHttpPort}/v1/traces", startOutput, StringComparison.Ordinal);
        var pidFile = Path.Combine(scripts.RunDirectory, "collector.pid");
        var pid = int.Parse(await File.ReadAllTextAsync(pidFile, cancel), System.Globalization.CultureInfo.InvariantCulture);

        using var http = new HttpClient { BaseAddress = scripts.BaseAddress };
        const string Seed = """{"spans":[{"trace_id":"trace-1","span_id":"span-1","service":"checkout","operation":"checkout.request","start_unix_ms":1710000000000,"duration_ms":42,"status":"ok"}]}""";
        using var posted = await http.PostAsync("/api/spans", new StringContent(Seed, Encoding.UTF8, "application/json"), cancel);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        // The local profile decides after a 1 s quiet period; poll until the trace is kept.
        var trace = await RepositoryScripts.PollAsync(http, "/api/traces/trace-1", cancel);
        Assert.Equal("checkout", trace.GetProperty("root_service").GetString());
        var list = await RepositoryScripts.PollAsync(http, "/api/traces", cancel);
        Assert.Contains(list.GetProperty("traces").EnumerateArray(), t => t.GetProperty("trace_id").GetString() == "trace-1");
        var stats = await RepositoryScripts.PollAsync(http, "/api/stats", cancel, s => s.GetProperty("trace_count").GetInt64() >= 1);
        Assert.Equal(["checkout"], stats.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        // OTLP/HTTP JSON on its own port, as an OpenTelemetry exporter would send it.
        const string Otlp = """{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"otlp-smoke"}}]},"scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","name":"smoke","startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","kind":2}]}]}]}""";
        using var otlpPosted = await http.PostAsync(
            new Uri($"http://127.0.0.1:{scripts.OtlpHttpPort}/v1/traces"), new StringContent(Otlp, Encoding.UTF8, "application/json"), cancel);
        Assert.Equal(HttpStatusCode.OK, otlpPosted.StatusCode);
        Assert.Equal("{}", await otlpPosted.Content.ReadAsStringAsync(cancel));
        var otlpTrace = await RepositoryScripts.PollAsync(http, "/api/traces/5b8efff798038103d269b633813fc60c", cancel);
        Assert.Equal("otlp-smoke", otlpTrace.GetProperty("root_service").GetString());
        var page = await http.GetStringAsync("/", cancel);
        Assert.Contains("TraceFlow", page, StringComparison.Ordinal);

        var (stopCode, stopOutput) = await scripts.RunAsync("stop.sh", cancel);
        Assert.True(stopCode == 0, stopOutput);
        Assert.Contains($"stopped collector (pid {pid})", stopOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(pidFile));
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }
}
