using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Admission;
using TraceFlow.Gateway.Security;
using TraceFlow.Gateway.Tenants;
using TraceFlow.Grains.Replay;
using TraceFlow.Grains.Tenants;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Tests.Ingest;

public sealed class SpanDispatcherTests
{
    [Fact]
    public async Task Dispatch_InDecodeOnlyMode_CountsEverySpanAccepted_WithoutAnyGrainCall()
    {
        var grains = DispatchProxy.Create<IGrainFactory, FailingGrainFactory>();
        var traceGrains = new TraceGrainReferences(grains);
        var replay = new ReplayBuffer(grains, traceGrains, Options.Create(new ReplayOptions()), TimeProvider.System, NullLogger<ReplayBuffer>.Instance);
        var dispatcher = new SpanDispatcher(replay, TenantLimiter(), new AdaptiveConcurrencyLimit(Options.Create(new AdmissionOptions()), TimeProvider.System), Options.Create(new IngestOptions { DecodeOnly = true }));
        Span[] spans = [Span("t1", "a"), Span("t1", "b"), Span("t2", "c")];

        var result = await dispatcher.DispatchAsync(TraceKey.DefaultTenant, spans, TestContext.Current.CancellationToken);

        Assert.Equal(new DispatchResult { Accepted = 3 }, result);
    }

    private static TenantIngestLimiter TenantLimiter() =>
        new(Options.Create(new TenantLimitsOptions()), Options.Create(new SecurityOptions()), TimeProvider.System);

    private static Span Span(string traceId, string spanId) => new()
    {
        TraceId = traceId,
        SpanId = spanId,
        Service = "bench",
        Operation = "op",
    };

    /// <summary>Any grain lookup is a failure: decode-only mode must stop before the cluster.</summary>
    public class FailingGrainFactory : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new Xunit.Sdk.XunitException($"decode-only dispatch called {targetMethod?.Name}");
    }
}
