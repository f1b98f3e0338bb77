using Microsoft.Extensions.Options;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Ingest;

/// <summary>
/// Hands decoded spans to the trace grains: grouped by trace id, one grain call per trace
/// per request, all in parallel, each retried while its silo is gone. In <see cref="IngestOptions.DecodeOnly"/> mode (the
/// benchmark's baseline) they stop here.
/// </summary>
public sealed class SpanDispatcher(TraceGrainReferences traceGrains, IOptions<IngestOptions> options)
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

        var calls = new Task<SpanBatchResult>[byTrace.Count];
        var sizes = new int[byTrace.Count];
        var i = 0;
        foreach (var (traceId, group) in byTrace)
        {
            sizes[i] = group.Count;
            calls[i++] = traceGrains.AddSpansAsync(new TraceKey(tenant, traceId), SpanBatch.Of(group), cancellationToken);
        }

        var results = await Task.WhenAll(calls).WaitAsync(cancellationToken);
        int accepted = 0, tooLarge = 0, refused = 0;
        for (i = 0; i < results.Length; i++)
        {
            accepted += results[i].Accepted;
            tooLarge += results[i].TooLarge;
            refused += results[i].Overloaded ? sizes[i] : 0;
        }

        return new DispatchResult { Accepted = accepted, TooLarge = tooLarge, Refused = refused };
    }
}

/// <summary>Span counts of one dispatched request.</summary>
public sealed record DispatchResult
{
    public int Accepted { get; init; }

    /// <summary>Refused because their trace reached its span limit (not retryable).</summary>
    public int TooLarge { get; init; }

    /// <summary>Refused because a silo was at its live-trace limit (retry later).</summary>
    public int Refused { get; init; }
}
