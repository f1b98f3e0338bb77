namespace TraceFlow.Grains.Traces;

/// <summary>What a trace grain did with one <see cref="SpanBatch"/>.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.SpanBatchResult")]
public sealed record SpanBatchResult
{
    /// <summary>Spans taken (buffered, or following an earlier decision), duplicates included.</summary>
    [Id(0)] public int Accepted { get; init; }

    /// <summary>Spans refused because the trace reached its span limit (the silo's or its tenant's).</summary>
    [Id(1)] public int TooLarge { get; init; }

    /// <summary>True when the silo, or the tenant on it, was at its live-trace limit and nothing was taken: retry later.</summary>
    [Id(2)] public bool Overloaded { get; init; }

    /// <summary>True when the trace had already been decided and the spans followed that decision.</summary>
    [Id(3)] public bool Late { get; init; }

    /// <summary>The silo of the activation that took the spans (where they are lost if it dies before the trace is settled).</summary>
    [Id(4)] public SiloAddress? Silo { get; init; }

    /// <summary>
    /// True when the limit that refused spans was the tenant's own (its live traces, or its
    /// spans per trace), not the silo's: the gateway answers 429 rather than 503 and counts it per tenant.
    /// </summary>
    [Id(5)] public bool TenantLimited { get; init; }

    public static SpanBatchResult Refused { get; } = new() { Overloaded = true };

    public static SpanBatchResult RefusedForTenant { get; } = new() { Overloaded = true, TenantLimited = true };
}
