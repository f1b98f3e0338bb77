using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TraceFlow.Sdk.Export;

namespace TraceFlow.Sdk.Tests.Export;

public sealed class TraceFlowJsonTransportTests
{
    private const string SourceName = "TraceFlow.Sdk.Tests.Transport";
    private static readonly ActivitySource Source = new(SourceName);
    private static readonly string[] Tags = ["a", "b"];
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Send_PostsTheSeedsSpanFormat_ToApiSpans()
    {
        using var listener = ListenToAll();
        using var activity = Source.StartActivity("charge card", ActivityKind.Client)!;
        activity.SetTag("payment.amount", 19.99);
        activity.SetTag("retry", true);
        activity.SetTag("attempt", 2);
        activity.SetTag("tags", Tags);
        activity.AddEvent(new ActivityEvent("declined", tags: new ActivityTagsCollection { ["code"] = "51" }));
        activity.SetStatus(ActivityStatusCode.Error, "card declined");
        activity.Stop();
        var handler = new RecordingHandler(HttpStatusCode.Accepted, """{"accepted":1,"rejected":0,"errors":[]}""");
        using var transport = Create(handler);

        var result = await transport.SendAsync([activity], "payment", TestContext.Current.CancellationToken);

        Assert.Equal(ExportStatus.Success, result.Status);
        Assert.Equal(new Uri("http://collector:9411/api/spans"), handler.Uri);
        Assert.Equal("application/json", handler.ContentType);
        var span = JsonDocument.Parse(handler.Body!).RootElement.GetProperty("spans")[0];
        Assert.Equal(activity.TraceId.ToHexString(), span.GetProperty("trace_id").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), span.GetProperty("span_id").GetString());
        Assert.False(span.TryGetProperty("parent_span_id", out _));
        Assert.Equal("payment", span.GetProperty("service").GetString());
        Assert.Equal("charge card", span.GetProperty("operation").GetString());
        Assert.Equal("client", span.GetProperty("kind").GetString());
        Assert.Equal("error", span.GetProperty("status").GetString());
        Assert.Equal("card declined", span.GetProperty("status_message").GetString());
        Assert.Equal((activity.StartTimeUtc - DateTime.UnixEpoch).TotalMilliseconds, span.GetProperty("start_unix_ms").GetDouble(), 3);
        Assert.Equal(activity.Duration.TotalMilliseconds, span.GetProperty("duration_ms").GetDouble(), 3);
        var attributes = span.GetProperty("attributes");
        Assert.Equal(19.99, attributes.GetProperty("payment.amount").GetDouble());
        Assert.True(attributes.GetProperty("retry").GetBoolean());
        Assert.Equal(2, attributes.GetProperty("attempt").GetInt32());
        Assert.Equal("""["a","b"]""", attributes.GetProperty("tags").GetString());
        var declined = span.GetProperty("events")[0];
        Assert.Equal("declined", declined.GetProperty("name").GetString());
        Assert.Equal("51", declined.GetProperty("attributes").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(ActivityKind.Server, 503, "error")]
    [InlineData(ActivityKind.Server, 404, "unset")]
    [InlineData(ActivityKind.Client, 404, "error")]
    [InlineData(ActivityKind.Client, 200, "unset")]
    public async Task Send_DerivesStatusFromTheHttpStatusCode_WhenTheCodeSetNone(ActivityKind kind, int statusCode, string expected)
    {
        using var listener = ListenToAll();
        using var activity = Source.StartActivity("GET", kind)!;
        activity.SetTag("http.response.status_code", statusCode);
        activity.Stop();
        var handler = new RecordingHandler(HttpStatusCode.Accepted, "{}");
        using var transport = Create(handler);

        await transport.SendAsync([activity], "checkout", TestContext.Current.CancellationToken);

        Assert.Equal(expected, JsonDocument.Parse(handler.Body!).RootElement.GetProperty("spans")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Send_ReportsSpansTheCollectorRefused()
    {
        using var transport = Create(new RecordingHandler(HttpStatusCode.Accepted, """{"accepted":2,"rejected":1,"errors":[]}"""));

        var result = await transport.SendAsync([FinishedSpans.Create(), FinishedSpans.Create(), FinishedSpans.Create()], "checkout", TestContext.Current.CancellationToken);

        Assert.Equal(new ExportResult(ExportStatus.Success, RejectedSpans: 1), result);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Send_IsRetryable_WithTheCollectorsRetryAfterSeconds(HttpStatusCode status)
    {
        var handler = new RecordingHandler(status, "") { RetryAfterSeconds = 7 };
        using var transport = Create(handler);

        var result = await transport.SendAsync([FinishedSpans.Create()], "checkout", TestContext.Current.CancellationToken);

        Assert.Equal(ExportStatus.Retryable, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
    }

    [Fact]
    public async Task Send_ReadsRetryAfterGivenAsADate_AgainstTheClock()
    {
        var handler = new RecordingHandler(HttpStatusCode.ServiceUnavailable, "") { RetryAfterDate = clock.GetUtcNow().AddSeconds(12) };
        using var transport = Create(handler);

        var result = await transport.SendAsync([FinishedSpans.Create()], "checkout", TestContext.Current.CancellationToken);

        Assert.Equal(TimeSpan.FromSeconds(12), result.RetryAfter);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, ExportStatus.TooLarge, 0)]
    [InlineData(HttpStatusCode.BadRequest, ExportStatus.Rejected, 2)]
    [InlineData(HttpStatusCode.UnsupportedMediaType, ExportStatus.Rejected, 2)]
    public async Task Send_ClassifiesPermanentFailures(HttpStatusCode status, ExportStatus expected, int rejected)
    {
        using var transport = Create(new RecordingHandler(status, ""));

        var result = await transport.SendAsync([FinishedSpans.Create(), FinishedSpans.Create()], "checkout", TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Status);
        Assert.Equal(rejected, result.RejectedSpans);
    }

    [Fact]
    public async Task Send_IsRetryable_WhenTheCollectorCannotBeReached()
    {
        // A port nothing listens on: the real network failure, not a simulated one.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new TraceFlowOptions { ServiceName = "checkout", Endpoint = new Uri($"http://127.0.0.1:{port}") };
        using var transport = TraceFlowTelemetry.CreateTransport(options, clock, primaryHandler: null);

        var result = await transport.SendAsync([FinishedSpans.Create()], "checkout", TestContext.Current.CancellationToken);

        Assert.Equal(ExportStatus.Retryable, result.Status);
        Assert.NotNull(result.Error);
    }

    private HttpSpanTransport Create(HttpMessageHandler handler) =>
        TraceFlowTelemetry.CreateTransport(new TraceFlowOptions { ServiceName = "checkout", Endpoint = new Uri("http://collector:9411") }, clock, handler);

    private static ActivityListener ListenToAll()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
