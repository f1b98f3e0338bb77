namespace TraceFlow.LoadGen.Generation;

/// <summary>A run of consecutive spans (in export order) of one trace inside a request.</summary>
internal readonly record struct BatchEntry(GeneratedTrace Trace, int Start, int Count)
{
    public ReadOnlySpan<GeneratedSpan> Spans => Trace.Spans.AsSpan(Start, Count);
}
