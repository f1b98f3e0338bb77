using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Ingest.Admission;
using TraceFlow.Gateway.Tenants;
using TraceFlow.Grains.Replay;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Ingest;

/// <summary>
/// Hands decoded spans to the trace grains: grouped by trace id, one grain call per trace
/// per request, all in parallel, each retried while its silo is gone. The batches are held in
/// the <see cref="ReplayBuffer"/> first, so that what is acknowledged survives the silo that
/// holds it dying; a request the buffer has no room for is refused whole (503, retry later). In
/// <see cref="IngestOptions.DecodeOnly"/> mode (the benchmark's baseline) they stop here.
/// Spans refused by the tenant's own limits on the silos are counted per tenant here, and the
/// time each dispatch takes sizes <see cref="AdaptiveConcurrencyLimit"/>.
/// </summary>
public sealed class SpanDispatcher(ReplayBuffer replay, TenantIngestLimiter tenantLimits, AdaptiveConcurrencyLimit concurrency, IOptions<IngestOptions> options)
{
    private readonly bool decodeOnly = options.Value.DecodeOnly;

    public async Task<DispatchResult> DispatchAsync(string tenant, IReadOnlyList<Span> spans, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spans);
        if (decodeOnly)
        {
            return new DispatchResult { Accepted = spans.Count };
        }

        var byTrace = new Dictionary<string, List<Span>>(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            if (!byTrace.TryGetValue(span.TraceId, out var group))
            {
                group = [];
                byTrace.Add(span.TraceId, group);
            }

            group.Add(span);
        }

        var batches = byTrace.Select(g => replay.Batch(new TraceKey(tenant, g.Key), g.Value)).ToList();
        if (!replay.TryHold(batches))
        {
            return new DispatchResult { Refused = spans.Count, RefusedBecause = DispatchResult.ReplayBufferFull };
        }

        SpanBatchResult[] results;
        var started = concurrency.Start();
        try
        {
            results = await Task.WhenAll(batches.Select(b => replay.SendAsync(b, cancellationToken))).WaitAsync(cancellationToken);
        }
        finally
        {
            // A dispatch its client gave up on was slow too.
            concurrency.Completed(started);
        }

        var sum = new DispatchResult();
        for (var i = 0; i < results.Length; i++)
        {
            var (result, tenantLimited) = (results[i], results[i].TenantLimited);
            sum = sum with
            {
                Accepted = sum.Accepted + result.Accepted,
                TooLarge = sum.TooLarge + result.TooLarge,
                TenantTooLarge = sum.TenantTooLarge + (tenantLimited ? result.TooLarge : 0),
                Refused = sum.Refused + (result.Overloaded && !tenantLimited ? batches[i].Spans : 0),
                TenantRefused = sum.TenantRefused + (result.Overloaded && tenantLimited ? batches[i].Spans : 0),
            };
        }

        tenantLimits.Count(tenant, TenantIngestLimiter.SpansPerTraceLimit, sum.TenantTooLarge);
        tenantLimits.Count(tenant, TenantIngestLimiter.LiveTracesLimit, sum.TenantRefused);
        return sum;
    }
}
