using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace TraceFlow.Demo.Tests.Infrastructure;

internal static class CollectorQueries
{
    /// <summary>
    /// Polls <c>GET /api/traces/{id}</c> until the trace holds at least <paramref name="spans"/>
    /// spans: the services' exporters and the collector's decision both run on their own clocks.
    /// </summary>
    public static async Task<JsonElement> WaitForTraceAsync(this HttpClient collector, string traceId, int spans, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = HttpStatusCode.NotFound;
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await collector.GetAsync($"/api/traces/{traceId}", cancellationToken);
            last = response.StatusCode;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var trace = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
                if (trace.GetProperty("spans").GetArrayLength() >= spans)
                {
                    return trace;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new Xunit.Sdk.XunitException($"trace {traceId} did not reach {spans} spans within 30 s (last status {last})");
    }

    public static JsonElement Span(this JsonElement trace, string service, string operation) =>
        Assert.Single(trace.GetProperty("spans").EnumerateArray(), s => s.GetProperty("service").GetString() == service && s.GetProperty("operation").GetString() == operation);

    public static JsonElement SpanById(this JsonElement trace, string? spanId) =>
        Assert.Single(trace.GetProperty("spans").EnumerateArray(), s => s.GetProperty("span_id").GetString() == spanId);

    public static string? Text(this JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? null : element.GetProperty(property).GetString();
}
