using System.Diagnostics;
using TraceFlow.Demo.Tests.Infrastructure;
using TraceFlow.Sdk;
using TraceFlow.Sdk.Export;
using TraceFlow.Sdk.Tracing;

namespace TraceFlow.Demo.Tests;

/// <summary>The SDK outside ASP.NET Core, as the README shows it for a console worker.</summary>
[Collection(DemoCollection.Name)]
public sealed class ConsoleWorkerTests(DemoEnvironment demo)
{
    [Fact]
    public async Task ConsoleWorker_ReportsItsSpans_WhenDisposed()
    {
        var cancel = TestContext.Current.CancellationToken;
        var options = new TraceFlowOptions
        {
            ServiceName = "nightly-reindex",
            Endpoint = demo.Collector.Address,
            FlushInterval = TimeSpan.FromHours(1), // only disposal sends
            ReportUnattributedActivities = false, // the collector in this process has activities of its own
        };
        string traceId;
        var telemetry = TraceFlowTelemetry.Start(options);
        await using (telemetry)
        {
            using var job = telemetry.Tracer.StartSpan("reindex", attributes: [new("batch", 7)])!;
            traceId = job.TraceId.ToHexString();
            using (var step = telemetry.Tracer.StartSpan("load rows")!)
            {
                step.RecordError(new TimeoutException("database did not answer"));
            }

            job.Stop();
        }

        Assert.Equal(2, telemetry.Statistics.Exported);
        var trace = await demo.CollectorClient.WaitForTraceAsync(traceId, spans: 2, cancel);
        var job2 = trace.Span("nightly-reindex", "reindex");
        Assert.Equal("7", job2.GetProperty("attributes").GetProperty("batch").GetString());
        var step2 = trace.Span("nightly-reindex", "load rows");
        Assert.Equal(job2.Text("span_id"), step2.Text("parent_span_id"));
        Assert.Equal("error", step2.Text("status"));
        Assert.Equal("database did not answer", step2.Text("status_message"));
    }

    [Fact]
    public async Task ConsoleWorker_ExportingOtlpHttpJson_ReachesTheCollectorsOtlpEndpoint_WithTypesIntact()
    {
        var cancel = TestContext.Current.CancellationToken;
        var options = new TraceFlowOptions
        {
            ServiceName = "otlp-worker",
            Endpoint = demo.Collector.Address, // /v1/traces is served on every gateway port, 4318 included
            Protocol = ExportProtocol.OtlpHttpJson,
            ReportUnattributedActivities = false,
        };
        string traceId;
        var telemetry = TraceFlowTelemetry.Start(options);
        await using (telemetry)
        {
            using var job = telemetry.Tracer.StartSpan("compact", ActivityKind.Producer, attributes: [new("segments", 12L), new("dry_run", false)])!;
            traceId = job.TraceId.ToHexString();
            job.RecordError(new InvalidOperationException("disk full"));
        }

        Assert.Equal(1, telemetry.Statistics.Exported);
        var trace = await demo.CollectorClient.WaitForTraceAsync(traceId, spans: 1, cancel);
        var span = trace.Span("otlp-worker", "compact");
        Assert.Equal("producer", span.Text("kind"));
        Assert.Equal("error", span.Text("status"));
        Assert.Equal("disk full", span.Text("status_message"));
        Assert.Equal("12", span.GetProperty("attributes").GetProperty("segments").GetString());
        Assert.Equal("exception", Assert.Single(span.GetProperty("events").EnumerateArray()).Text("name"));
        Assert.Equal(TraceFlowTracer.SourceName, span.GetProperty("scope").Text("name"));
        Assert.Equal("traceflow", span.GetProperty("resource_attributes").GetProperty("telemetry.sdk.name").GetString());

        // The Jaeger view keeps the attribute types the OTLP request carried.
        using var jaeger = await demo.CollectorClient.GetAsync($"/jaeger/api/traces/{traceId}", cancel);
        var tags = System.Text.Json.JsonDocument.Parse(await jaeger.Content.ReadAsStringAsync(cancel)).RootElement
            .GetProperty("data")[0].GetProperty("spans")[0].GetProperty("tags").EnumerateArray().ToList();
        Assert.Contains(tags, t => t.Text("key") == "segments" && t.Text("type") == "int64" && t.GetProperty("value").GetInt64() == 12);
        Assert.Contains(tags, t => t.Text("key") == "dry_run" && t.Text("type") == "bool" && !t.GetProperty("value").GetBoolean());
    }
}
