using System.Net;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Ingest.Zipkin;

/// <summary>Zipkin ingest when the silo holds its maximum of live traces.</summary>
public sealed class ZipkinOverloadTests(OneLiveTraceGatewayFactory factory) : IClassFixture<OneLiveTraceGatewayFactory>
{
    private readonly ZipkinClient client = new(factory);

    [Fact]
    public async Task PostSpans_WhenTheSiloIsFull_Gets503WithRetryAfter_AndTheRetrySucceeds()
    {
        var (first, second) = (ZipkinClient.NewTraceId128(), ZipkinClient.NewTraceId128());
        using (var accepted = await client.PostJsonAsync(Batch(first)))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using (var refused = await client.PostJsonAsync(Batch(second)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("text/plain", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("1 span refused because the collector is at capacity", await refused.Content.ReadAsStringAsync(ZipkinClient.Cancel), StringComparison.Ordinal);
        }

        await client.WaitForTraceAsync(first);
        using (var retried = await client.PostJsonAsync(Batch(second)))
        {
            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        }

        await client.WaitForTraceAsync(second);
        var metrics = await client.Http.GetStringAsync("/metrics", ZipkinClient.Cancel);
        Assert.Contains("traceflow_ingest_spans_rejected_total{protocol=\"zipkin\",reason=\"overloaded\"}", metrics, StringComparison.Ordinal);
    }

    private static string Batch(string traceId) =>
        $$$"""[{"traceId":"{{{traceId}}}","id":"{{{ZipkinClient.NewSpanId()}}}","name":"o","timestamp":1700000000000000,"localEndpoint":{"serviceName":"busy"}}]""";
}
