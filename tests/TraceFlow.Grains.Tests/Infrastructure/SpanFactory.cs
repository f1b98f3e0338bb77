using System.Collections.Immutable;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Sampling.Policies;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Infrastructure;

/// <summary>Builds spans and trace ids for tests; every test uses fresh ids because clusters are shared.</summary>
public static class SpanFactory
{
    public const long BaseStartNanos = 1_710_000_000_000L * 1_000_000;

    public static string NewTraceId() => Guid.NewGuid().ToString("N");

    /// <summary>A fresh trace id that the probabilistic rule (with the given salt) keeps, or drops.</summary>
    public static string NewTraceId(bool sampledIn, double rate, string salt)
    {
        while (true)
        {
            var id = NewTraceId();
            if (new ProbabilisticPolicy("p", rate * 100, salt).Samples(id) == sampledIn)
            {
                return id;
            }
        }
    }

    public static Span Span(
        string traceId,
        string spanId,
        string? parent = null,
        string service = "checkout",
        string operation = "op",
        double startOffsetMs = 0,
        double durationMs = 10,
        SpanStatusCode status = SpanStatusCode.Ok,
        params SpanAttribute[] attributes) => new()
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parent,
            Service = service,
            Operation = operation,
            StartUnixNanos = BaseStartNanos + (long)(startOffsetMs * 1_000_000),
            DurationNanos = (long)(durationMs * 1_000_000),
            Status = status,
            Attributes = [.. attributes],
        };

    /// <summary>A span event at an offset from <see cref="BaseStartNanos"/>; add it with <c>Span(...) with { Events = [...] }</c>.</summary>
    public static SpanEvent Event(string name, double offsetMs = 0, params SpanAttribute[] attributes) => new()
    {
        Name = name,
        TimeUnixNanos = BaseStartNanos + (long)(offsetMs * 1_000_000),
        Attributes = [.. attributes],
    };

    public static SpanBatch Batch(params Span[] spans) => SpanBatch.Of(spans);
}
