using TraceFlow.Demo.Tests.Infrastructure;
using TraceFlow.Sdk;
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
}
