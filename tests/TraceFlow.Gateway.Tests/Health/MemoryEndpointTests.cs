using System.Net;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Health;

/// <summary>A gateway with the benchmark's memory endpoint switched on.</summary>
public sealed class MemoryEndpointGatewayFactory : GatewayFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>
    {
        ["TraceFlow:Diagnostics:MemoryEndpoint"] = "true",
    };
}

public sealed class MemoryEndpointTests(MemoryEndpointGatewayFactory factory) : IClassFixture<MemoryEndpointGatewayFactory>
{
    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task DebugMemory_ReportsTheHeapWithTheLiveAndStoredSpansItHolds()
    {
        var id = GatewayClient.NewTraceId();
        using (var response = await client.PostSpansAsync($$"""
            {"spans":[{"trace_id":"{{id}}","span_id":"a","service":"m","operation":"o","start_unix_ms":1,"duration_ms":1},
                      {"trace_id":"{{id}}","span_id":"b","parent_span_id":"a","service":"m","operation":"o","start_unix_ms":1,"duration_ms":1},
                      {"trace_id":"{{id}}","span_id":"c","parent_span_id":"a","service":"m","operation":"o","start_unix_ms":1,"duration_ms":1}]}
            """))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var (status, live) = await client.GetJsonAsync("/debug/memory");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(live.GetProperty("gc_heap_bytes").GetInt64() > 0);
        Assert.True(live.GetProperty("working_set_bytes").GetInt64() >= live.GetProperty("gc_heap_bytes").GetInt64());
        Assert.True(live.GetProperty("live_spans").GetInt64() >= 3);
        Assert.True(live.GetProperty("live_traces").GetInt64() >= 1);

        await client.WaitForTraceAsync(id, minSpans: 3);
        var (_, stored) = await client.GetJsonAsync("/debug/memory");
        Assert.True(stored.GetProperty("stored_spans").GetInt64() >= 3);
        Assert.True(stored.GetProperty("stored_traces").GetInt64() >= 1);
    }
}

[Collection(GatewayCollection.Name)]
public sealed class MemoryEndpointOffByDefaultTests(GatewayFactory factory)
{
    [Fact]
    public async Task DebugMemory_IsNotServedUnlessSwitchedOn()
    {
        var (status, _) = await new GatewayClient(factory).GetJsonAsync("/debug/memory");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
