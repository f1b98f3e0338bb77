using System.Diagnostics;
using System.Net;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Ingest;

/// <summary>A gateway whose replay buffer holds at most 3 spans.</summary>
public sealed class SmallReplayBufferGatewayFactory : GatewayFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>
    {
        ["TraceFlow:Replay:MaxSpans"] = "3",
        ["TraceFlow:Ingest:RetryAfter"] = "00:00:02",
    };
}

/// <summary>A full replay buffer refuses the whole request before any span reaches a grain, and says that is why.</summary>
public sealed class ReplayBufferFullTests(SmallReplayBufferGatewayFactory factory) : IClassFixture<SmallReplayBufferGatewayFactory>
{
    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task PostSpans_PastTheReplayBuffer_Gets503WithRetryAfter_NamingTheBuffer_AndTheRetryGoesThroughOnceItHasRoom()
    {
        var (first, second) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        using (var accepted = await client.PostSpansAsync(Batch(first, 2)))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using (var refused = await client.PostSpansAsync(Batch(second, 2)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
            var problem = await GatewayClient.ReadJsonAsync(refused);
            Assert.Contains("replay buffer is full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(2, problem.GetProperty("refused").GetInt32());
            Assert.Equal(0, problem.GetProperty("accepted").GetInt32());
        }

        // Once the first trace is decided and stored the buffer lets it go (the silo's notice follows
        // the write), and a client's retry goes through.
        await client.WaitForTraceAsync(first);
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        while ((status = await PostAsync(Batch(second, 2))) == HttpStatusCode.ServiceUnavailable && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), GatewayClient.Cancel);
        }

        Assert.Equal(HttpStatusCode.Accepted, status);
        await client.WaitForTraceAsync(second, minSpans: 2);
    }

    private async Task<HttpStatusCode> PostAsync(string json)
    {
        using var response = await client.PostSpansAsync(json);
        return response.StatusCode;
    }

    private static string Batch(string traceId, int spans) =>
        $$"""{"spans":[{{string.Join(",", Enumerable.Range(0, spans).Select(i => $$$"""{"trace_id":"{{{traceId}}}","span_id":"s{{{i}}}","service":"held","operation":"o","start_unix_ms":1710000000000,"duration_ms":1}"""))}}]}""";
}
