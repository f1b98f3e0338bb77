using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TraceFlow.Sdk.Export;

namespace TraceFlow.Sdk.Tests.Export;

public sealed class OtlpHttpJsonTransportTests
{
    private const string SourceName = "TraceFlow.Sdk.Tests.Otlp";
    private static readonly ActivitySource Source = new(SourceName, "2.1.0");
    private static readonly long[] Attempts = [1, 2];
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public async Task Send_PostsAnOtlpJsonRequest_ToV1Traces_FollowingTheOtlpJsonRules()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var linked = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        using var parent = Source.StartActivity("parent")!;
        using var activity = Source.StartActivity("charge", ActivityKind.Client, parent.Context, links: [new ActivityLink(linked)])!;
        activity.TraceStateString = "congo=t61rcWkgMzE";
        activity.SetTag("amount", 19.5);
        activity.SetTag("attempt", 2L);
        activity.SetTag("retried", true);
        activity.SetTag("attempts", Attempts);
        activity.AddEvent(new ActivityEvent("declined"));
        activity.SetStatus(ActivityStatusCode.Error, "card declined");
        activity.Stop();
        var handler = new RecordingHandler(HttpStatusCode.OK, "{}");
        using var transport = TraceFlowTelemetry.CreateTransport(Options(), clock, handler);

        var result = await transport.SendAsync([activity], "payment", TestContext.Current.CancellationToken);

        Assert.Equal(ExportStatus.Success, result.Status);
        Assert.Equal(new Uri("http://collector:4318/v1/traces"), handler.Uri);
        var resourceSpans = JsonDocument.Parse(handler.Body!).RootElement.GetProperty("resourceSpans")[0];
        Assert.Contains(resourceSpans.GetProperty("resource").GetProperty("attributes").EnumerateArray(), a =>
            a.GetProperty("key").GetString() == "service.name" && a.GetProperty("value").GetProperty("stringValue").GetString() == "payment");
        var scopeSpans = resourceSpans.GetProperty("scopeSpans")[0];
        Assert.Equal(SourceName, scopeSpans.GetProperty("scope").GetProperty("name").GetString());
        Assert.Equal("2.1.0", scopeSpans.GetProperty("scope").GetProperty("version").GetString());
        var span = scopeSpans.GetProperty("spans")[0];
        Assert.Equal(activity.TraceId.ToHexString(), span.GetProperty("traceId").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), span.GetProperty("spanId").GetString());
        Assert.Equal(parent.SpanId.ToHexString(), span.GetProperty("parentSpanId").GetString());
        Assert.Equal("congo=t61rcWkgMzE", span.GetProperty("traceState").GetString());
        Assert.Equal(3, span.GetProperty("kind").GetInt32());
        var start = ((activity.StartTimeUtc - DateTime.UnixEpoch).Ticks * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(start, span.GetProperty("startTimeUnixNano").GetString());
        var attributes = span.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value"));
        Assert.Equal(19.5, attributes["amount"].GetProperty("doubleValue").GetDouble());
        Assert.Equal("2", attributes["attempt"].GetProperty("intValue").GetString());
        Assert.True(attributes["retried"].GetProperty("boolValue").GetBoolean());
        Assert.Equal(["1", "2"], attributes["attempts"].GetProperty("arrayValue").GetProperty("values").EnumerateArray().Select(v => v.GetProperty("intValue").GetString()));
        Assert.Equal("declined", span.GetProperty("events")[0].GetProperty("name").GetString());
        Assert.Equal(linked.SpanId.ToHexString(), span.GetProperty("links")[0].GetProperty("spanId").GetString());
        Assert.Equal(2, span.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Equal("card declined", span.GetProperty("status").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"partialSuccess":{"rejectedSpans":"2","errorMessage":"bad ids"}}""", 2)]
    [InlineData("""{"partialSuccess":{"rejectedSpans":1}}""", 1)]
    [InlineData("{}", 0)]
    [InlineData("", 0)]
    public async Task Send_ReadsPartialSuccess(string answer, int rejected)
    {
        using var transport = TraceFlowTelemetry.CreateTransport(Options(), clock, new RecordingHandler(HttpStatusCode.OK, answer));

        var result = await transport.SendAsync([FinishedSpans.Create(), FinishedSpans.Create(), FinishedSpans.Create()], "payment", TestContext.Current.CancellationToken);

        Assert.Equal(new ExportResult(ExportStatus.Success, RejectedSpans: rejected), result);
    }

    private static TraceFlowOptions Options() => new()
    {
        ServiceName = "payment",
        Endpoint = new Uri("http://collector:4318"),
        Protocol = ExportProtocol.OtlpHttpJson,
    };
}
