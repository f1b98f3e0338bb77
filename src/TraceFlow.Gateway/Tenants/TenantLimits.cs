namespace TraceFlow.Gateway.Tenants;

/// <summary>One tenant's ingest limits; a value left unset falls back to the defaults', and there to no limit.</summary>
public sealed class TenantLimits
{
    /// <summary>Spans per second the tenant may send to one gateway process (each gateway has its own bucket).</summary>
    public double? IngestSpansPerSecond { get; set; }

    /// <summary>Spans the tenant may send at once after a quiet spell; default one second of <see cref="IngestSpansPerSecond"/>.</summary>
    public int? IngestBurstSpans { get; set; }

    /// <summary>Rates and bursts, where set, are positive.</summary>
    public bool IsValid => IngestSpansPerSecond is null or > 0 && IngestBurstSpans is null or > 0;
}
