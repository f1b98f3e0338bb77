using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace TraceFlow.Demo.Load;

/// <summary>
/// <c>scripts/bench.sh N C</c>: N checkout requests from C concurrent workers, then how many of
/// their traces the collector holds once they have been decided. Its own requests carry no trace
/// context, so each checkout starts a trace of its own.
/// </summary>
public static class LoadRunner
{
    private static readonly TimeSpan CollectorWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StragglerWait = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            ActivityHeadersPropagator = null,
        })
        { Timeout = TimeSpan.FromSeconds(30) };

        await output.WriteLineAsync(Invariant($"checkout load: {options.Requests} requests, concurrency {options.Concurrency}, {options.CheckoutUrl}"));
        var results = new RequestResult[options.Requests];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < results.Length)
            {
                results[index] = await CheckoutAsync(http, options.CheckoutUrl, cancellationToken);
            }
        }));
        clock.Stop();

        var latencies = results.Select(r => r.LatencyMs).Order().ToArray();
        var failed = results.Count(r => !r.Ok);
        await output.WriteLineAsync(Invariant($"completed in {clock.Elapsed.TotalSeconds:F2} s: {results.Length / clock.Elapsed.TotalSeconds:F1} requests/s, {failed} failed"));
        await output.WriteLineAsync(Invariant($"latency ms: p50 {Percentile(latencies, 0.50):F2}  p95 {Percentile(latencies, 0.95):F2}  p99 {Percentile(latencies, 0.99):F2}  max {latencies[^1]:F2}"));

        var traceIds = results.Select(r => r.TraceId).OfType<string>().ToArray();
        var held = await CountHeldTracesAsync(http, options.CollectorUrl, traceIds, options.Concurrency, cancellationToken);
        await output.WriteLineAsync(Invariant($"collector {options.CollectorUrl}: holds {held} of the {traceIds.Length} checkout traces ({await StatsLineAsync(http, options.CollectorUrl, cancellationToken)})"));
        return failed == 0 ? 0 : 1;
    }

    private static async Task<RequestResult> CheckoutAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return new RequestResult(response.IsSuccessStatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ReadTraceId(body));
        }
        catch (HttpRequestException)
        {
            return new RequestResult(false, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
        }
    }

    /// <summary>
    /// Waits until the last trace is stored, then asks for every trace, asking again for the
    /// missing ones for up to <see cref="StragglerWait"/>: under load some traces go quiet (and
    /// are decided) after the last one. Traces that tail sampling dropped are never held, so
    /// they cost that wait once.
    /// </summary>
    private static async Task<int> CountHeldTracesAsync(HttpClient http, Uri collector, string[] traceIds, int concurrency, CancellationToken cancellationToken)
    {
        if (traceIds.Length == 0)
        {
            return 0;
        }

        var deadline = Stopwatch.StartNew();
        while (!await IsHeldAsync(http, collector, traceIds[^1], cancellationToken) && deadline.Elapsed < CollectorWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        var missing = traceIds;
        var stragglers = Stopwatch.StartNew();
        while (true)
        {
            missing = await StillMissingAsync(http, collector, missing, concurrency, cancellationToken);
            if (missing.Length == 0 || stragglers.Elapsed >= StragglerWait)
            {
                return traceIds.Length - missing.Length;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private static async Task<string[]> StillMissingAsync(HttpClient http, Uri collector, string[] traceIds, int concurrency, CancellationToken cancellationToken)
    {
        var held = new bool[traceIds.Length];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < traceIds.Length)
            {
                held[index] = await IsHeldAsync(http, collector, traceIds[index], cancellationToken);
            }
        }));
        return [.. traceIds.Where((_, i) => !held[i])];
    }

    private static async Task<bool> IsHeldAsync(HttpClient http, Uri collector, string traceId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(collector, $"/api/traces/{traceId}"), cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<string> StatsLineAsync(HttpClient http, Uri collector, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(collector, "/api/stats"), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return Invariant($"/api/stats answered {(int)response.StatusCode}");
        }

        using var stats = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        var root = stats.RootElement;
        return Invariant($"stats: trace_count {root.GetProperty("trace_count")}, span_count {root.GetProperty("span_count")}, p95_ms {root.GetProperty("p95_ms")}");
    }

    private static string? ReadTraceId(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("trace_id", out var id) && id.GetString() is { Length: > 0 } text ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct RequestResult(bool Ok, double LatencyMs, string? TraceId);
}
