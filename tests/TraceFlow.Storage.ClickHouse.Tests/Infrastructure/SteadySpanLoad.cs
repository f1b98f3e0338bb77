using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace TraceFlow.Storage.ClickHouse.Tests.Infrastructure;

/// <summary>
/// Steady ingest from a few senders that behave like exporters: each trace goes out in three
/// requests (one child span, which admits the trace, then 250 more, then the root), so traces
/// admitted before a store filled up go on growing after it did; a 503 is retried after its
/// <c>Retry-After</c>, and every span the collector acknowledged (202) is recorded per trace.
/// </summary>
public sealed class SteadySpanLoad(HttpClient http, int senders, TimeSpan pace)
{
    private const int LaterChildSpans = 250;
    private readonly ConcurrentDictionary<string, int> acknowledged = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private Task[] running = [];
    private long refused;
    private long refusedWithoutRetryAfter;

    /// <summary>Spans acknowledged, by trace id.</summary>
    public IReadOnlyDictionary<string, int> Acknowledged => acknowledged;

    public long AcknowledgedSpans => acknowledged.Values.Sum();

    /// <summary>Requests answered 503 (each retried until acknowledged).</summary>
    public long Refused => Interlocked.Read(ref refused);

    public long RefusedWithoutRetryAfter => Interlocked.Read(ref refusedWithoutRetryAfter);

    public void Start() => running = [.. Enumerable.Range(0, senders).Select(_ => Task.Run(SendAsync))];

    /// <summary>Stops starting traces; each sender finishes (and has acknowledged) the trace it is on.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(running);
        stop.Dispose();
    }

    private async Task SendAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var traceId = Guid.NewGuid().ToString("N");
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await SendUntilAcknowledgedAsync(traceId, [Span(traceId, 2, parent: 1, now)]);
            await SendUntilAcknowledgedAsync(traceId, [.. Enumerable.Range(3, LaterChildSpans).Select(i => Span(traceId, i, parent: 1, now))]);
            await SendUntilAcknowledgedAsync(traceId, [Span(traceId, 1, parent: null, now)]);
            await Task.Delay(pace, TestContext.Current.CancellationToken);
        }
    }

    private async Task SendUntilAcknowledgedAsync(string traceId, IReadOnlyList<object> spans)
    {
        var body = JsonSerializer.Serialize(new { spans });
        while (true)
        {
            using var response = await http.PostAsync("/api/spans", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                var accepted = answer.RootElement.GetProperty("accepted").GetInt32();
                acknowledged.AddOrUpdate(traceId, accepted, (_, n) => n + accepted);
                return;
            }

            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            }

            Interlocked.Increment(ref refused);
            if (response.Headers.RetryAfter?.Delta is not { } retryAfter)
            {
                Interlocked.Increment(ref refusedWithoutRetryAfter);
                retryAfter = TimeSpan.FromSeconds(1);
            }

            // As an exporter does: wait as told, then send the same spans again.
            await Task.Delay(retryAfter, TestContext.Current.CancellationToken);
        }
    }

    private static Dictionary<string, object?> Span(string traceId, int id, int? parent, long startMs) => new()
    {
        ["trace_id"] = traceId,
        ["span_id"] = id.ToString("x16", CultureInfo.InvariantCulture),
        ["parent_span_id"] = parent?.ToString("x16", CultureInfo.InvariantCulture),
        ["service"] = id == 1 ? "frontend" : "backend",
        ["operation"] = "op",
        ["start_unix_ms"] = startMs,
        ["duration_ms"] = 5,
    };
}
