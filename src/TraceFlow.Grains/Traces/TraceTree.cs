using System.Collections.Immutable;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// Structure of a trace derived from parent links. Parent links are untrusted input
/// (cycles, self-parents, missing parents), so nothing here recurses or follows chains.
/// </summary>
public static class TraceTree
{
    /// <summary>
    /// The earliest span without a parent in the trace; failing that (every span's parent
    /// is present, i.e. a cycle), the earliest span.
    /// </summary>
    public static Span? FindRoot(ImmutableArray<Span> spans)
    {
        var ids = new HashSet<string>(spans.Length, StringComparer.Ordinal);
        foreach (var span in spans)
        {
            ids.Add(span.SpanId);
        }

        Span? root = null, earliest = null;
        foreach (var span in spans)
        {
            if (earliest is null || span.StartUnixNanos < earliest.StartUnixNanos)
            {
                earliest = span;
            }

            var isRoot = span.ParentSpanId is null || span.ParentSpanId == span.SpanId || !ids.Contains(span.ParentSpanId);
            if (isRoot && (root is null || span.StartUnixNanos < root.StartUnixNanos))
            {
                root = span;
            }
        }

        return root ?? earliest;
    }

    /// <summary>
    /// Calls between services: an edge from a parent span's service to a child span's
    /// service wherever they differ, in order of first occurrence by start time.
    /// </summary>
    public static IReadOnlyList<ServiceCall> ServiceCalls(ImmutableArray<Span> spans) => [.. TimedServiceCalls(spans).Select(c => c.Call)];

    /// <summary>
    /// <see cref="ServiceCalls"/> with the latency of each call: the duration of the child span,
    /// the one the called service recorded (its server side when the caller has a client span).
    /// </summary>
    public static IReadOnlyList<TimedServiceCall> TimedServiceCalls(ImmutableArray<Span> spans)
    {
        var byId = new Dictionary<string, Span>(spans.Length, StringComparer.Ordinal);
        foreach (var span in spans)
        {
            byId.TryAdd(span.SpanId, span);
        }

        var calls = new Dictionary<(string Parent, string Child), ServiceCallBuilder>();
        foreach (var span in spans.OrderBy(s => s.StartUnixNanos))
        {
            if (span.ParentSpanId is null || !byId.TryGetValue(span.ParentSpanId, out var parent) || parent.Service == span.Service)
            {
                continue;
            }

            var key = (parent.Service, span.Service);
            if (!calls.TryGetValue(key, out var builder))
            {
                builder = new ServiceCallBuilder(calls.Count);
                calls.Add(key, builder);
            }

            builder.Durations.Add(span.DurationNanos);
            builder.Errors += span.IsError ? 1 : 0;
        }

        return [.. calls
            .OrderBy(c => c.Value.Order)
            .Select(c => new TimedServiceCall(new ServiceCall(c.Key.Parent, c.Key.Child, c.Value.Durations.Count, c.Value.Errors), [.. c.Value.Durations]))];
    }

    private sealed class ServiceCallBuilder(int order)
    {
        public int Order { get; } = order;

        public ImmutableArray<long>.Builder Durations { get; } = ImmutableArray.CreateBuilder<long>();

        public int Errors { get; set; }
    }
}
