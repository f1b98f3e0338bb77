using System.Collections.Immutable;
using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// A bounded map of kept traces. Writes are idempotent upserts: spans of a trace that is
/// already held merge into it by span id, so late spans and retried writes never create a
/// second copy. When full, the trace stored first is evicted and counted.
/// </summary>
public sealed class InMemoryTraceStore
{
    private readonly int maxTraces;
    private readonly int maxSpansPerTrace;
    private readonly Dictionary<string, Entry> traces = new(StringComparer.Ordinal);
    private readonly LinkedList<string> insertionOrder = new();

    public InMemoryTraceStore(int maxTraces, int maxSpansPerTrace)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTraces);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSpansPerTrace);
        this.maxTraces = maxTraces;
        this.maxSpansPerTrace = maxSpansPerTrace;
    }

    public int Count => traces.Count;

    public void Write(StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var id = trace.Key.TraceId;
        if (traces.TryGetValue(id, out var existing))
        {
            existing.Merge(trace.Spans, maxSpansPerTrace);
            return;
        }

        var entry = new Entry(trace with { Spans = [] }, insertionOrder.AddLast(id));
        entry.Merge(trace.Spans, maxSpansPerTrace);
        traces.Add(id, entry);
        GrainsMetrics.StoredTraces.Inc();
        while (traces.Count > maxTraces)
        {
            var oldest = insertionOrder.First!;
            insertionOrder.RemoveFirst();
            traces.Remove(oldest.Value);
            GrainsMetrics.StoredTraces.Dec();
            GrainsMetrics.EvictedTraces.Inc();
        }
    }

    public StoredTrace? Get(string traceId) => traces.TryGetValue(traceId, out var entry) ? entry.Trace : null;

    /// <summary>Matching traces, newest start first, at most the query's limit.</summary>
    public IReadOnlyList<TraceSummary> Find(TraceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return [.. traces.Values
            .Where(e => query.Matches(e.Summary, e.Trace))
            .Select(e => e.Summary)
            .OrderByDescending(s => s.StartUnixNanos)
            .ThenBy(s => s.TraceId, StringComparer.Ordinal)
            .Take(query.Limit)];
    }

    private sealed class Entry(StoredTrace trace, LinkedListNode<string> node)
    {
        private readonly HashSet<string> spanIds = new(StringComparer.Ordinal);

        public StoredTrace Trace { get; private set; } = trace;

        public TraceSummary Summary { get; private set; } = TraceSummary.From(trace);

        public LinkedListNode<string> Node { get; } = node;

        public void Merge(ImmutableArray<Traces.Span> spans, int maxSpans)
        {
            var added = ImmutableArray.CreateBuilder<Traces.Span>();
            foreach (var span in spans)
            {
                if (spanIds.Count >= maxSpans)
                {
                    GrainsMetrics.Drop(DropReasons.StoredTraceTooLarge, 1);
                    continue;
                }

                if (spanIds.Add(span.SpanId))
                {
                    added.Add(span);
                }
            }

            if (added.Count == 0)
            {
                return;
            }

            Trace = Trace with { Spans = Trace.Spans.AddRange(added) };
            Summary = TraceSummary.From(Trace);
        }
    }
}
