namespace TraceFlow.Gateway.Tenants;

/// <summary>Per-tenant ingest limits: <see cref="Defaults"/> for every tenant, <see cref="Tenants"/> by tenant name.</summary>
public sealed class TenantLimitsOptions
{
    public const string SectionName = "TraceFlow:TenantLimits";

    public TenantLimits Defaults { get; set; } = new();

    public IDictionary<string, TenantLimits> Tenants { get; } = new Dictionary<string, TenantLimits>(StringComparer.Ordinal);

    /// <summary>The rate and burst that apply to <paramref name="tenant"/>; null when it has no rate limit.</summary>
    public (double Rate, double Burst)? RateOf(string tenant)
    {
        var own = Tenants.TryGetValue(tenant, out var limits) ? limits : null;
        var rate = own?.IngestSpansPerSecond ?? Defaults.IngestSpansPerSecond;
        if (rate is not { } perSecond)
        {
            return null;
        }

        var burst = own?.IngestBurstSpans ?? Defaults.IngestBurstSpans;
        return (perSecond, burst ?? Math.Max(1, perSecond));
    }
}
