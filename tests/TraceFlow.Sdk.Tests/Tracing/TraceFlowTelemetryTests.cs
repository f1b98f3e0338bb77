using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using TraceFlow.Sdk.Export;
using TraceFlow.Sdk.Tests.Export;
using TraceFlow.Sdk.Tracing;

namespace TraceFlow.Sdk.Tests.Tracing;

/// <summary>
/// Which activities a service reports. Other tests run in parallel in this process, so each test
/// looks for its own spans among those sent rather than counting everything.
/// </summary>
public sealed class TraceFlowTelemetryTests
{
    private readonly ScriptedTransport transport = new();

    [Fact]
    public async Task ManualSpan_IsReported_WithServiceAttributesEventsAndError()
    {
        await using var telemetry = Create("inventory");
        Activity span;
        using (span = telemetry.Tracer.StartSpan("inventory.lookup", attributes: [new("sku", "book-42")])!)
        {
            span.AddEvent(new ActivityEvent("cache miss"));
            span.RecordError(new InvalidOperationException("stock table locked"));
        }

        await telemetry.FlushAsync(TestContext.Current.CancellationToken);

        var sent = Assert.Single(transport.Sent, a => a == span);
        Assert.Equal("inventory.lookup", sent.DisplayName);
        Assert.Equal("book-42", sent.GetTagItem("sku"));
        Assert.Equal(ActivityStatusCode.Error, sent.Status);
        Assert.Equal("stock table locked", sent.StatusDescription);
        Assert.Equal(["cache miss", "exception"], sent.Events.Select(e => e.Name));
        Assert.Contains("inventory", transport.ServiceNames);
    }

    [Fact]
    public async Task ChildSpan_UsesTheCurrentSpanAsParent_AndAnExplicitRemoteParentWhenGiven()
    {
        await using var telemetry = Create("checkout");
        var remote = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

        using var root = telemetry.Tracer.StartSpan("consume", ActivityKind.Consumer, parent: remote)!;
        using var child = telemetry.Tracer.StartSpan("handle")!;

        Assert.Equal(remote.TraceId, root.TraceId);
        Assert.Equal(remote.SpanId, root.ParentSpanId);
        Assert.Equal(root.TraceId, child.TraceId);
        Assert.Equal(root.SpanId, child.ParentSpanId);
    }

    [Fact]
    public async Task Span_WhoseParentWasNotSampled_IsPropagatedButNotReported()
    {
        await using var telemetry = Create("checkout");
        var unsampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);

        Activity span;
        using (span = telemetry.Tracer.StartSpan("work", parent: unsampled)!)
        {
            Assert.False(span.Recorded);
            Assert.Equal(unsampled.TraceId, span.TraceId);
        }

        using (var marker = telemetry.Tracer.StartSpan("marker"))
        {
            marker!.Stop();
        }

        await telemetry.FlushAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(span, transport.Sent);
        Assert.Contains(transport.Sent, a => a.DisplayName == "marker");
    }

    [Fact]
    public async Task Activities_StartedWhileSuppressed_AreNeverRecorded()
    {
        await using var telemetry = Create("checkout");

        using (InstrumentationSuppression.Begin())
        {
            Assert.Null(telemetry.Tracer.StartSpan("export request"));
        }

        Assert.False(InstrumentationSuppression.IsActive);
    }

    [Fact]
    public async Task HttpClientActivity_IsReportedByTheServiceWhoseSpanIsItsParent()
    {
        using var httpSource = new ActivitySource(TraceFlowTelemetry.HttpClientSource);
        var checkoutTransport = new ScriptedTransport();
        await using var checkout = new TraceFlowTelemetry(Options("checkout", reportUnattributed: false), checkoutTransport, TimeProvider.System, NullLoggerFactory.Instance);
        await using var payment = Create("payment", reportUnattributed: false);

        Activity call;
        using (payment.Tracer.StartSpan("payment.charge"))
        {
            call = httpSource.StartActivity("POST", ActivityKind.Client)!;
            call.Stop();
        }

        await payment.FlushAsync(TestContext.Current.CancellationToken);
        await checkout.FlushAsync(TestContext.Current.CancellationToken);
        Assert.Single(transport.Sent, a => a == call);
        Assert.DoesNotContain(call, checkoutTransport.Sent);
    }

    [Fact]
    public async Task RootHttpClientActivity_IsReported_OnlyWhenUnattributedActivitiesAreWanted()
    {
        using var httpSource = new ActivitySource(TraceFlowTelemetry.HttpClientSource);
        var quietTransport = new ScriptedTransport();
        await using var worker = Create("worker", reportUnattributed: true);
        await using var quiet = new TraceFlowTelemetry(Options("quiet", reportUnattributed: false), quietTransport, TimeProvider.System, NullLoggerFactory.Instance);

        var call = httpSource.StartActivity("GET", ActivityKind.Client)!;
        call.Stop();

        await worker.FlushAsync(TestContext.Current.CancellationToken);
        await quiet.FlushAsync(TestContext.Current.CancellationToken);
        Assert.Contains(call, transport.Sent);
        Assert.DoesNotContain(call, quietTransport.Sent);
    }

    [Fact]
    public async Task AdditionalSources_MatchExactNamesAndPrefixes()
    {
        using var orders = new ActivitySource("Shop.Orders.Api");
        using var other = new ActivitySource("Other.Library");
        var options = Options("shop", reportUnattributed: true);
        options.AdditionalSources.Add("Shop.*");
        await using var telemetry = new TraceFlowTelemetry(options, transport, TimeProvider.System, NullLoggerFactory.Instance);

        var wanted = orders.StartActivity("place order")!;
        wanted.Stop();
        var ignored = other.StartActivity("noise");
        ignored?.Stop();

        await telemetry.FlushAsync(TestContext.Current.CancellationToken);
        Assert.Contains(wanted, transport.Sent);
        Assert.True(ignored is null || !transport.Sent.Contains(ignored));
    }

    private TraceFlowTelemetry Create(string service, bool reportUnattributed = true) =>
        new(Options(service, reportUnattributed), transport, TimeProvider.System, NullLoggerFactory.Instance);

    private static TraceFlowOptions Options(string service, bool reportUnattributed) => new()
    {
        ServiceName = service,
        ReportUnattributedActivities = reportUnattributed,
        FlushInterval = TimeSpan.FromMilliseconds(50),
    };
}
