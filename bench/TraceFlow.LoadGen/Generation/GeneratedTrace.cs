namespace TraceFlow.LoadGen.Generation;

/// <summary>A generated trace, its spans in export order: by end time, children before the root.</summary>
internal sealed class GeneratedTrace
{
    public required TraceId Id { get; init; }

    public required GeneratedSpan[] Spans { get; init; }

    /// <summary>What the run remembers of this trace once its spans are gone.</summary>
    public required TraceRecord Record { get; init; }
}
