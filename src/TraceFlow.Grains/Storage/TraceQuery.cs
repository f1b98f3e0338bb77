using System.Collections.Immutable;
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

    // Id 6 held a single tag before Tags replaced it.

    /// <summary>Attributes a span must carry (span, resource or event attributes; text compared).</summary>
    [Id(10)] public ImmutableArray<SpanAttribute> Tags { get; init; } = [];

    /// <summary>Words a span must show as an event name or an attribute key (Zipkin's bare annotation terms).</summary>
    [Id(11)] public ImmutableArray<string> Terms { get; init; } = [];

    /// <summary>A span must call this service (<c>peer.service</c>).</summary>
    [Id(12)] public string? RemoteService { get; init; }

    /// <summary>
    /// False (TraceFlow, Jaeger): one span must meet every span condition. True (Zipkin): each
    /// condition may be met by a different span, as long as it is a span of <see cref="Service"/>.
    /// </summary>
    [Id(13)] public bool ConditionsAcrossSpans { get; init; }

    /// <summary>Only traces starting at or after this time.</summary>
    [Id(7)] public long? StartFromUnixNanos { get; init; }

    /// <summary>Only traces starting at or before this time.</summary>
    [Id(8)] public long? StartToUnixNanos { get; init; }

    [Id(9)] public int Limit { get; init; } = DefaultLimit;

    /// <summary>True when some condition can only be checked against the spans, not the summary.</summary>
    public bool NeedsSpans => !(Service is null && Operation is null && Tags.IsEmpty && Terms.IsEmpty && RemoteService is null);

    /// <summary>The conditions the summary alone decides; a trace failing them fails <see cref="Matches"/>.</summary>
    public bool MatchesSummary(TraceSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        // Unset bounds are null, and a comparison with null is false: so test for being outside.
        var outside = summary.DurationNanos < MinDurationNanos || summary.DurationNanos > MaxDurationNanos
            || summary.StartUnixNanos < StartFromUnixNanos || summary.StartUnixNanos > StartToUnixNanos;
        return !outside
            && !(Status == SpanStatusCode.Error && !summary.HasError) && !(Status == SpanStatusCode.Ok && summary.HasError)
            && (Service is null || summary.Services.Contains(Service));
    }

    public bool Matches(TraceSummary summary, StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (!MatchesSummary(summary))
        {
            return false;
        }

        if (!NeedsSpans)
        {
            return true;
        }

        if (!ConditionsAcrossSpans)
        {
            return trace.Spans.Any(span => OfService(span) && OfOperation(span) && Tags.All(t => HasTag(span, t)) && Terms.All(t => HasTerm(span, t)) && CallsRemote(span));
        }

        var candidates = trace.Spans.Where(OfService).ToList();
        return candidates.Count > 0
            && (Operation is null || candidates.Exists(OfOperation))
            && (RemoteService is null || candidates.Exists(CallsRemote))
            && Tags.All(t => candidates.Exists(span => HasTag(span, t)))
            && Terms.All(t => candidates.Exists(span => HasTerm(span, t)));
    }

    /// <summary>The service a span calls, as OTel (<c>peer.service</c>) and Zipkin's remote endpoint name it.</summary>
    public static string? RemoteServiceOf(Span span)
    {
        ArgumentNullException.ThrowIfNull(span);
        foreach (var attribute in span.Attributes)
        {
            if (attribute.Key == PeerServiceAttribute)
            {
                return attribute.Value;
            }
        }

        return null;
    }

    public const string PeerServiceAttribute = "peer.service";

    private bool OfService(Span span) => Service is null || span.Service == Service;

    private bool OfOperation(Span span) => Operation is null || span.Operation == Operation;

    private bool CallsRemote(Span span) => RemoteService is null || RemoteServiceOf(span) == RemoteService;

    private static bool HasTag(Span span, SpanAttribute tag) =>
        span.Attributes.Any(a => a.Matches(tag.Key, tag.Value))
        || span.ResourceAttributes.Any(a => a.Matches(tag.Key, tag.Value))
        || span.Events.Any(e => e.Attributes.Any(a => a.Matches(tag.Key, tag.Value)));

    private static bool HasTerm(Span span, string term) =>
        span.Events.Any(e => e.Name == term) || span.Attributes.Any(a => a.Key == term);
}
