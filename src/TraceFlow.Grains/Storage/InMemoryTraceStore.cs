using System.Collections.Immutable;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Traces;
using TraceFlow.Grains.Traces.Packing;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// A bounded map of kept traces. Writes are idempotent upserts: spans of a trace that is
/// already held merge into it by span id, so late spans and retried writes never create a
/// second copy. When full (in traces or in bytes), the trace stored first is evicted and counted.
/// </summary>
public sealed class InMemoryTraceStore
{
    private readonly int maxTraces;
    private readonly int maxSpansPerTrace;
    private readonly long maxBytes;
    private long bytes;
    private const int MaxCatalogEntries = 10_000;
    private const double NanosPerMilli = 1_000_000.0;
    private readonly Dictionary<string, Entry> traces = new(StringComparer.Ordinal);
    private readonly LinkedList<string> insertionOrder = new();
    private readonly HashSet<string> services = new(StringComparer.Ordinal);
    private readonly HashSet<OperationEntry> operations = [];
    private readonly HashSet<RemoteServiceEntry> remoteServices = [];

    public InMemoryTraceStore(int maxTraces, int maxSpansPerTrace, long maxBytes = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTraces);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSpansPerTrace);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        this.maxTraces = maxTraces;
        this.maxSpansPerTrace = maxSpansPerTrace;
        this.maxBytes = maxBytes;
    }

    public int Count => traces.Count;

    /// <summary>What the held traces take, as <see cref="Entry.Bytes"/> estimates it.</summary>
    public long Bytes => bytes;

    public void Write(StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var id = trace.Key.TraceId;
        Catalogue(trace.Spans);
        if (!traces.TryGetValue(id, out var entry))
        {
            entry = new Entry(trace.Key, trace.Decision, insertionOrder.AddLast(id));
            traces.Add(id, entry);
            GrainsMetrics.StoredTraces.Inc();
        }

        var before = entry.Bytes;
        GrainsMetrics.StoredSpans.Inc(entry.Merge(trace.Spans, maxSpansPerTrace));
        bytes += entry.Bytes - before;

        // The newest trace always stays, however large: the byte bound evicts only older ones.
        while (traces.Count > maxTraces || (bytes > maxBytes && traces.Count > 1))
        {
            var oldest = insertionOrder.First!;
            insertionOrder.RemoveFirst();
            traces.Remove(oldest.Value, out var evicted);
            bytes -= evicted!.Bytes;
            GrainsMetrics.StoredTraces.Dec();
            GrainsMetrics.StoredSpans.Dec(evicted.SpanCount);
            GrainsMetrics.EvictedTraces.Inc();
        }
    }

    /// <summary>Every stored trace, oldest first.</summary>
    public IEnumerable<StoredTrace> All() => insertionOrder.Select(id => traces[id].ToStoredTrace());

    public StoredTrace? Get(string traceId) => traces.TryGetValue(traceId, out var entry) ? entry.ToStoredTrace() : null;

    /// <summary>Spans held across all stored traces.</summary>
    public long SpanCount => traces.Values.Sum(e => (long)e.SpanCount);

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

    /// <summary>Service calls summed over the traces that start in [from, to], with the latency of the calls.</summary>
    public IReadOnlyList<DependencyHistogram> Dependencies(long fromUnixNanos, long toUnixNanos)
    {
        var sums = new Dictionary<(string Parent, string Child), EdgeSum>();
        foreach (var entry in traces.Values)
        {
            if (entry.Summary.StartUnixNanos < fromUnixNanos || entry.Summary.StartUnixNanos > toUnixNanos)
            {
                continue;
            }

            var next = 0;
            foreach (var call in entry.Calls)
            {
                if (!sums.TryGetValue((call.Parent, call.Child), out var sum))
                {
                    sum = new EdgeSum();
                    sums.Add((call.Parent, call.Child), sum);
                }

                sum.Calls += call.CallCount;
                sum.Errors += call.ErrorCount;
                foreach (var duration in entry.CallDurationsNanos.AsSpan(next, call.CallCount))
                {
                    sum.Latency.Record(duration / NanosPerMilli);
                }

                next += call.CallCount;
            }
        }

        return [.. sums.Select(s => new DependencyHistogram(new Traces.ServiceCall(s.Key.Parent, s.Key.Child, s.Value.Calls, s.Value.Errors), s.Value.Latency))];
    }

    /// <summary>Distinct values of a span or resource attribute, newest traces first.</summary>
    public IReadOnlyList<string> AttributeValues(string key, int limit)
    {
        var values = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var node = insertionOrder.Last; node is not null && values.Count < limit; node = node.Previous)
        {
            foreach (var span in traces[node.Value].Unpack())
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
            .Where(e => query.MatchesSummary(e.Summary) && (!query.NeedsSpans || query.Matches(e.Summary, e.ToStoredTrace())))
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

    private sealed class EdgeSum
    {
        public int Calls { get; set; }

        public int Errors { get; set; }

        public Stats.LatencyHistogram Latency { get; } = new();
    }

    /// <summary>
    /// A stored trace, held packed (see <see cref="SpanPack"/>): one byte array rather than an
    /// object graph per span, which is what keeps a full store cheap for the garbage collector.
    /// Summary and service calls are kept unpacked, so listings and dependencies never unpack.
    /// </summary>
    private sealed class Entry(TraceKey key, SamplingDecision decision, LinkedListNode<string> node)
    {
        /// <summary>Held besides the packed spans: the entry, its summary, service calls and map slot (an estimate).</summary>
        private const int Overhead = 512;

        private byte[] packed = [];

        public int SpanCount { get; private set; }

        /// <summary>What this trace takes in memory, estimated from its packed spans.</summary>
        public long Bytes => SpanCount == 0 ? 0 : packed.Length + Overhead + (CallDurationsNanos.Length * sizeof(long));

        public TraceSummary Summary { get; private set; } = null!;

        public IReadOnlyList<Traces.ServiceCall> Calls { get; private set; } = [];

        /// <summary>
        /// The duration of every call in <see cref="Calls"/>, in that order (the first call's
        /// <c>CallCount</c> durations, then the next's): one array per trace rather than one per pair of services.
        /// </summary>
        public long[] CallDurationsNanos { get; private set; } = [];

        public LinkedListNode<string> Node { get; } = node;

        public StoredTrace ToStoredTrace() => new(key, [.. Unpack()], decision);

        public List<Traces.Span> Unpack()
        {
            var spans = new List<Traces.Span>(SpanCount);
            SpanPack.Unpack(packed, key.TraceId, spans);
            return spans;
        }

        /// <summary>Adds the spans not held yet (by identity), up to the limit; returns how many were added.</summary>
        public int Merge(ImmutableArray<Traces.Span> incoming, int maxSpans)
        {
            var spans = SpanCount == 0 ? new List<Traces.Span>(incoming.Length) : Unpack();
            var known = new HashSet<(string SpanId, bool Shared)>(spans.Select(s => s.Identity));
            var added = 0;
            foreach (var span in incoming)
            {
                if (known.Count >= maxSpans)
                {
                    GrainsMetrics.Drop(DropReasons.StoredTraceTooLarge, 1);
                    continue;
                }

                if (known.Add(span.Identity))
                {
                    spans.Add(span);
                    added++;
                }
            }

            if (added == 0)
            {
                return 0;
            }

            packed = SpanPack.Pack(spans);
            SpanCount = spans.Count;
            var trace = new StoredTrace(key, [.. spans], decision);
            Summary = TraceSummary.From(trace);
            var calls = Traces.TraceTree.TimedServiceCalls(trace.Spans);
            Calls = [.. calls.Select(c => c.Call)];
            CallDurationsNanos = [.. calls.SelectMany(c => c.DurationsNanos)];
            return added;
        }
    }
}
