using TraceFlow.LoadGen.Encoding;

namespace TraceFlow.LoadGen.Preparation;

/// <summary>
/// Requests that together carry whole traces, each trace's spans in export order across them,
/// encoded once with placeholder ids: every pass of a worker through the cycle gives each
/// trace slot a fresh id.
/// </summary>
internal sealed class PreparedCycle(IReadOnlyList<PreparedRequest> requests, IReadOnlyList<TraceTemplate> traces, TraceIdFormat idFormat, long createdAt)
{
    public IReadOnlyList<PreparedRequest> Requests { get; } = requests;

    /// <summary>The traces by slot.</summary>
    public IReadOnlyList<TraceTemplate> Traces { get; } = traces;

    public TraceIdFormat IdFormat { get; } = idFormat;

    /// <summary>When it was built (a <see cref="TimeProvider"/> timestamp): its spans' times are as of then.</summary>
    public long CreatedAt { get; } = createdAt;
}
