using System.Collections.Immutable;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>What trace listings show about one trace.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.TraceSummary")]
public sealed record TraceSummary
{
    [Id(0)] public required string TraceId { get; init; }

    [Id(1)] public required string RootService { get; init; }

    [Id(2)] public required string RootOperation { get; init; }

    [Id(3)] public long StartUnixNanos { get; init; }

    [Id(4)] public long DurationNanos { get; init; }

    [Id(5)] public int SpanCount { get; init; }

    [Id(6)] public ImmutableArray<string> Services { get; init; } = [];

    [Id(7)] public bool HasError { get; init; }

    /// <summary>The sampling policy that kept the trace.</summary>
    [Id(8)] public required string SamplingPolicy { get; init; }

    public static TraceSummary From(StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var spans = trace.Spans;
        var root = TraceTree.FindRoot(spans);
        long start = long.MaxValue, end = long.MinValue;
        var hasError = false;
        foreach (var span in spans)
        {
            start = Math.Min(start, span.StartUnixNanos);
            end = Math.Max(end, span.EndUnixNanos);
            hasError |= span.IsError;
        }

        return new TraceSummary
        {
            TraceId = trace.Key.TraceId,
            RootService = root?.Service ?? "",
            RootOperation = root?.Operation ?? "",
            StartUnixNanos = spans.IsEmpty ? 0 : start,
            DurationNanos = spans.IsEmpty ? 0 : end - start,
            SpanCount = spans.Length,
            Services = [.. spans.Select(s => s.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            HasError = hasError,
            SamplingPolicy = trace.Decision.Policy,
        };
    }
}
