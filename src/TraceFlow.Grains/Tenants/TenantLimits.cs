namespace TraceFlow.Grains.Tenants;

/// <summary>One tenant's limits; a value left unset falls back to the defaults', and there to no limit of the tenant's own.</summary>
public sealed class TenantLimits
{
    /// <summary>Spans per second the tenant may send to one gateway process (each gateway has its own bucket).</summary>
    public double? IngestSpansPerSecond { get; set; }

    /// <summary>Spans the tenant may send at once after a quiet spell; default one second of <see cref="IngestSpansPerSecond"/>.</summary>
    public int? IngestBurstSpans { get; set; }

    /// <summary>Spans one of the tenant's traces may hold; it can only lower the silo-wide <c>TraceFlow:Traces:MaxSpansPerTrace</c>.</summary>
    public int? MaxSpansPerTrace { get; set; }

    /// <summary>Undecided traces of the tenant one silo holds; a new trace past it is refused (429) until some are decided.</summary>
    public int? MaxLiveTraces { get; set; }

    /// <summary>Every limit that is set is positive.</summary>
    public bool IsValid =>
        IngestSpansPerSecond is null or > 0 && IngestBurstSpans is null or > 0 && MaxSpansPerTrace is null or > 0 && MaxLiveTraces is null or > 0;
}
