using System.Diagnostics;

namespace TraceFlow.Sdk.Tracing;

/// <summary>
/// Starts manual spans. They are ordinary <see cref="Activity"/> objects: set attributes with
/// <see cref="Activity.SetTag"/>, add events with <see cref="Activity.AddEvent"/>, set the status
/// with <see cref="Activity.SetStatus"/> or <see cref="ActivityErrorExtensions.RecordError"/>, and
/// end the span by disposing it.
/// </summary>
public sealed class TraceFlowTracer
{
    /// <summary>The <c>ActivitySource</c> of manual spans; every TraceFlow listener reports it.</summary>
    public const string SourceName = "TraceFlow.Sdk";

    internal static readonly ActivitySource Source = new(SourceName, typeof(TraceFlowTracer).Assembly.GetName().Version?.ToString());

    private readonly TraceFlowTelemetry owner;

    internal TraceFlowTracer(TraceFlowTelemetry owner) => this.owner = owner;

    /// <summary>
    /// Starts a span as a child of <see cref="Activity.Current"/>, or of <paramref name="parent"/>
    /// when given (a context extracted from message metadata, say). Returns null only when the
    /// parent was not sampled or no TraceFlow listener is active.
    /// </summary>
    public Activity? StartSpan(
        string name,
        ActivityKind kind = ActivityKind.Internal,
        ActivityContext parent = default,
        IEnumerable<KeyValuePair<string, object?>>? attributes = null,
        IEnumerable<ActivityLink>? links = null,
        DateTimeOffset startTime = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var activity = Source.CreateActivity(name, kind, parent, attributes, links);
        if (activity is null)
        {
            return null;
        }

        SpanOwnership.Claim(activity, owner);
        if (startTime != default)
        {
            activity.SetStartTime(startTime.UtcDateTime);
        }

        return activity.Start();
    }
}
