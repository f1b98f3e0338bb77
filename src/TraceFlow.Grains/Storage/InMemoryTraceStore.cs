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
    private const int MaxCatalogEntries = 10_000;
    private readonly Dictionary<string, Entry> traces = new(StringComparer.Ordinal);
    private readonly LinkedList<string> insertionOrder = new();
    private readonly HashSet<string> services = new(StringComparer.Ordinal);
    private readonly HashSet<OperationEntry> operations = [];
    private readonly HashSet<RemoteServiceEntry> remoteServices = [];

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
        Catalogue(trace.Spans);
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
            traces.Remove(oldest.Value, out var evicted);
            GrainsMetrics.StoredTraces.Dec();
            GrainsMetrics.StoredSpans.Dec(evicted!.Trace.Spans.Length);
            GrainsMetrics.EvictedTraces.Inc();
        }
    }

    public StoredTrace? Get(string traceId) => traces.TryGetValue(traceId, out var entry) ? entry.Trace : null;

    /// <summary>
    /// Names seen since the shard started. Names outlive evicted traces (a picker may offer a
    /// service whose traces are gone) and stop growing at a cap, so a flood of unique names
    /// can't exhaust memory.
    /// </summary>
    public TraceCatalog Catalog() => new()
    {
        Services = [.. services],
        Operations = [.. operations],
        RemoteServices = [.. remoteServices],
    };

    /// <summary>Service calls summed over the traces that start in [from, to].</summary>
    public IReadOnlyList<Traces.ServiceCall> Dependencies(long fromUnixNanos, long toUnixNanos)
    {
        var sums = new Dictionary<(string Parent, string Child), (int Calls, int Errors)>();
        foreach (var entry in traces.Values)
        {
            if (entry.Summary.StartUnixNanos < fromUnixNanos || entry.Summary.StartUnixNanos > toUnixNanos)
            {
                continue;
            }

            foreach (var call in entry.Calls)
            {
                var sum = sums.GetValueOrDefault((call.Parent, call.Child));
                sums[(call.Parent, call.Child)] = (sum.Calls + call.CallCount, sum.Errors + call.ErrorCount);
            }
        }

        return [.. sums.Select(s => new Traces.ServiceCall(s.Key.Parent, s.Key.Child, s.Value.Calls, s.Value.Errors))];
    }

    /// <summary>Distinct values of a span or resource attribute, newest traces first.</summary>
    public IReadOnlyList<string> AttributeValues(string key, int limit)
    {
        var values = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var node = insertionOrder.Last; node is not null && values.Count < limit; node = node.Previous)
        {
            foreach (var span in traces[node.Value].Trace.Spans)
            {
                foreach (var attribute in span.Attributes.Concat(span.ResourceAttributes))
                {
                    if (attribute.Key == key && values.Count < limit && seen.Add(attribute.Value))
                    {
                        values.Add(attribute.Value);
                    }
                }
            }
        }

        return values;
    }

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

    private void Catalogue(ImmutableArray<Traces.Span> spans)
    {
        foreach (var span in spans)
        {
            if (services.Count < MaxCatalogEntries)
            {
                services.Add(span.Service);
            }

            if (operations.Count < MaxCatalogEntries)
            {
                operations.Add(new OperationEntry(span.Service, span.Operation, span.Kind));
            }

            if (remoteServices.Count < MaxCatalogEntries && TraceQuery.RemoteServiceOf(span) is { } remote)
            {
                remoteServices.Add(new RemoteServiceEntry(span.Service, remote));
            }
        }
    }

    private sealed class Entry(StoredTrace trace, LinkedListNode<string> node)
    {
        private readonly HashSet<(string SpanId, bool Shared)> spanIds = [];

        public StoredTrace Trace { get; private set; } = trace;

        public TraceSummary Summary { get; private set; } = TraceSummary.From(trace);

        public IReadOnlyList<Traces.ServiceCall> Calls { get; private set; } = [];

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

                if (spanIds.Add(span.Identity))
                {
                    added.Add(span);
                }
            }

            if (added.Count == 0)
            {
                return;
            }

            Trace = Trace with { Spans = Trace.Spans.AddRange(added) };
            GrainsMetrics.StoredSpans.Inc(added.Count);
            Summary = TraceSummary.From(Trace);
            Calls = Traces.TraceTree.ServiceCalls(Trace.Spans);
        }
    }
}
