namespace TraceFlow.Grains.Tenants;

/// <summary>
/// Per-tenant limits (Tempo's overrides): <see cref="Defaults"/> for every tenant,
/// <see cref="Tenants"/> by tenant name. Gateways enforce the ingest rate; silos the spans per
/// trace and the live traces, each counted per silo as Tempo counts per ingester.
/// </summary>
public sealed class TenantLimitsOptions
{
    public const string SectionName = "TraceFlow:TenantLimits";

    public TenantLimits Defaults { get; set; } = new();

    public IDictionary<string, TenantLimits> Tenants { get; } = new Dictionary<string, TenantLimits>(StringComparer.Ordinal);

    /// <summary>True when some tenant has a live-trace limit, so silos must count live traces per tenant.</summary>
    public bool LimitsLiveTraces => Defaults.MaxLiveTraces is not null || Tenants.Values.Any(t => t.MaxLiveTraces is not null);

    /// <summary>The rate and burst that apply to <paramref name="tenant"/>; null when it has no rate limit.</summary>
    public (double Rate, double Burst)? RateOf(string tenant)
    {
        var own = Own(tenant);
        var rate = own?.IngestSpansPerSecond ?? Defaults.IngestSpansPerSecond;
        if (rate is not { } perSecond)
        {
            return null;
        }

        var burst = own?.IngestBurstSpans ?? Defaults.IngestBurstSpans;
        return (perSecond, burst ?? Math.Max(1, perSecond));
    }

    /// <summary>The tenant's own cap on spans per trace; null when only the silo-wide one applies.</summary>
    public int? MaxSpansPerTraceOf(string tenant) => Own(tenant)?.MaxSpansPerTrace ?? Defaults.MaxSpansPerTrace;

    /// <summary>The tenant's cap on live traces per silo; null when it has none.</summary>
    public int? MaxLiveTracesOf(string tenant) => Own(tenant)?.MaxLiveTraces ?? Defaults.MaxLiveTraces;

    private TenantLimits? Own(string tenant) => Tenants.TryGetValue(tenant, out var limits) ? limits : null;
}
