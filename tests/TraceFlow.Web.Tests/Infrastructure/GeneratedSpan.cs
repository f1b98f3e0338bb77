namespace TraceFlow.Web.Tests.Infrastructure;

/// <summary>A span in the TraceFlow JSON ingest shape (serialised snake_case).</summary>
public sealed record GeneratedSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Service,
    string Operation,
    double StartUnixMs,
    double DurationMs,
    string Status = "ok",
    string Kind = "internal",
    string? StatusMessage = null,
    IReadOnlyDictionary<string, string>? Attributes = null,
    IReadOnlyList<GeneratedEvent>? Events = null)
{
    public double EndUnixMs => StartUnixMs + DurationMs;
}

public sealed record GeneratedEvent(string Name, double TimeUnixMs, IReadOnlyDictionary<string, string>? Attributes = null);
