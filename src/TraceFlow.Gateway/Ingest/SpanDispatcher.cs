using Microsoft.Extensions.Options;
using TraceFlow.Grains.Replay;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Ingest;

/// <summary>
/// Hands decoded spans to the trace grains: grouped by trace id, one grain call per trace
/// per request, all in parallel, each retried while its silo is gone. The batches are held in
/// the <see cref="ReplayBuffer"/> first, so that what is acknowledged survives the silo that
/// holds it dying; a request the buffer has no room for is refused whole (503, retry later). In
/// <see cref="IngestOptions.DecodeOnly"/> mode (the benchmark's baseline) they stop here.
/// </summary>
public sealed class SpanDispatcher(ReplayBuffer replay, IOptions<IngestOptions> options)
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
            return new DispatchResult { Refused = spans.Count };
        }

        var results = await Task.WhenAll(batches.Select(b => replay.SendAsync(b, cancellationToken))).WaitAsync(cancellationToken);
        int accepted = 0, tooLarge = 0, refused = 0;
        for (var i = 0; i < results.Length; i++)
        {
            accepted += results[i].Accepted;
            tooLarge += results[i].TooLarge;
            refused += results[i].Overloaded ? batches[i].Spans : 0;
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

    /// <summary>Refused because a silo was at its live-trace limit, or the replay buffer was full (retry later).</summary>
    public int Refused { get; init; }
}
