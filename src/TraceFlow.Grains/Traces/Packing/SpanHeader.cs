namespace TraceFlow.Grains.Traces.Packing;

/// <summary>
/// What a trace grain needs of a span when it arrives: whether it is a retry of one it
/// already holds, and the figures for the silo's statistics.
/// </summary>
/// <param name="Identity">A 64-bit hash of the span id and the Zipkin shared flag.</param>
/// <param name="IsRoot">The span has no parent: once it is in, an early decision may be taken.</param>
public readonly record struct SpanHeader(
    ulong Identity,
    string Service,
    string Operation,
    long StartUnixNanos,
    long DurationNanos,
    SpanStatusCode Status,
    bool IsRoot)
{
    public bool IsError => Status == SpanStatusCode.Error;
}
