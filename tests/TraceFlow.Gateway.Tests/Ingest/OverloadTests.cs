using System.Net;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Ingest;

/// <summary>A gateway whose silo may hold only one live trace and refuses new ones past it rather than deciding the oldest early.</summary>
public sealed class OneLiveTraceGatewayFactory : GatewayFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>
    {
        ["TraceFlow:Traces:MaxLiveTraces"] = "1",
        ["TraceFlow:Traces:DecideOldestWhenFull"] = "false",
        ["TraceFlow:Ingest:RetryAfter"] = "00:00:02",
    };
}

public sealed class OverloadTests(OneLiveTraceGatewayFactory factory) : IClassFixture<OneLiveTraceGatewayFactory>
{
    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task PostSpans_WhenTheSiloHoldsItsMaximumOfLiveTraces_Gets503WithRetryAfter_AndTheRetrySucceeds()
    {
        var (first, second) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        using (var accepted = await client.PostSpansAsync(Batch(first)))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using (var refused = await client.PostSpansAsync(Batch(second)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
            var problem = await GatewayClient.ReadJsonAsync(refused);
            Assert.Equal(1, problem.GetProperty("refused").GetInt32());
            Assert.Equal(0, problem.GetProperty("accepted").GetInt32());
        }

        // Once the first trace is decided the silo has room again, and the retry goes through.
        await client.WaitForTraceAsync(first);
        using (var retried = await client.PostSpansAsync(Batch(second)))
        {
            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        }

        await client.WaitForTraceAsync(second);
        var metrics = await client.Http.GetStringAsync("/metrics", GatewayClient.Cancel);
        Assert.Contains("traceflow_ingest_spans_rejected_total{protocol=\"traceflow_json\",reason=\"overloaded\"}", metrics, StringComparison.Ordinal);
    }

    private static string Batch(string traceId) =>
        $$"""{"spans":[{"trace_id":"{{traceId}}","span_id":"s","service":"busy","operation":"o","start_unix_ms":1710000000000,"duration_ms":1}]}""";
}
