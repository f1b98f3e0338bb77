using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// A search for traces. Service, operation and tag must all match on one span; durations
/// and times apply to the whole trace.
/// </summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.TraceQuery")]
public sealed record TraceQuery
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 1_000;

    [Id(0)] public string Tenant { get; init; } = TraceKey.DefaultTenant;

    [Id(1)] public string? Service { get; init; }

    [Id(2)] public string? Operation { get; init; }

    [Id(3)] public long? MinDurationNanos { get; init; }

    [Id(4)] public long? MaxDurationNanos { get; init; }

    /// <summary>Error: traces with an error span; Ok: traces without one; null: all.</summary>
    [Id(5)] public SpanStatusCode? Status { get; init; }

    [Id(6)] public SpanAttribute? Tag { get; init; }

    /// <summary>Only traces starting at or after this time.</summary>
    [Id(7)] public long? StartFromUnixNanos { get; init; }

    /// <summary>Only traces starting at or before this time.</summary>
    [Id(8)] public long? StartToUnixNanos { get; init; }

    [Id(9)] public int Limit { get; init; } = DefaultLimit;

    public bool Matches(TraceSummary summary, StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(trace);
        if (summary.DurationNanos < MinDurationNanos || summary.DurationNanos > MaxDurationNanos
            || summary.StartUnixNanos < StartFromUnixNanos || summary.StartUnixNanos > StartToUnixNanos)
        {
            return false;
        }

        if ((Status == SpanStatusCode.Error && !summary.HasError) || (Status == SpanStatusCode.Ok && summary.HasError))
        {
            return false;
        }

        return (Service is null && Operation is null && Tag is null) || trace.Spans.Any(MatchesSpan);
    }

    private bool MatchesSpan(Span span) =>
        (Service is null || span.Service == Service)
        && (Operation is null || span.Operation == Operation)
        && (Tag is not { } tag || span.Attributes.Contains(tag));
}
