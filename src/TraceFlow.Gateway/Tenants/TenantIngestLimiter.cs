using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Prometheus;
using TraceFlow.Gateway.Security;
using TraceFlow.Grains.Tenants;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Tenants;

/// <summary>
/// Each tenant's ingest rate, as a token bucket per tenant in this gateway process: with N
/// gateways a tenant may send N times its rate in all. Refusals are counted per tenant, under
/// the names configuration gives (key tenants, limit tenants, the default tenant); any other
/// tenant (only possible through <c>X-Scope-OrgID</c> with security off) counts as <c>_other</c>.
/// </summary>
public sealed class TenantIngestLimiter
{
    public const string OtherTenantLabel = "_other";

    /// <summary>The <c>limit</c> label of traceflow_tenant_limited_spans_total for the ingest rate.</summary>
    public const string IngestRateLimit = "ingest_rate";

    /// <summary>The <c>limit</c> label for spans refused by the tenant's spans-per-trace limit.</summary>
    public const string SpansPerTraceLimit = "spans_per_trace";

    /// <summary>The <c>limit</c> label for spans refused by the tenant's live-traces limit.</summary>
    public const string LiveTracesLimit = "live_traces";

    /// <summary>Buckets kept at most; tenants beyond share one, so arbitrary tenant headers cannot grow memory.</summary>
    public const int MaxBuckets = 10_000;

    private static readonly Counter LimitedSpans = Metrics.CreateCounter(
        "traceflow_tenant_limited_spans_total", "Spans refused by a per-tenant limit, by tenant and limit.", "tenant", "limit");

    private readonly TenantLimitsOptions limits;
    private readonly TimeProvider time;
    private readonly HashSet<string> labelled;
    private readonly ConcurrentDictionary<string, TokenBucket?> buckets = new(StringComparer.Ordinal);

    public TenantIngestLimiter(IOptions<TenantLimitsOptions> limits, IOptions<SecurityOptions> security, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(security);
        this.limits = limits.Value;
        this.time = time;
        labelled = [TraceKey.DefaultTenant, .. this.limits.Tenants.Keys, .. security.Value.Keys.Select(k => k.Tenant)];
    }

    /// <summary>Admits <paramref name="spans"/> of <paramref name="tenant"/>; when over its rate, how long to wait, and the refusal is counted.</summary>
    public TimeSpan? TryAcquire(string tenant, int spans)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var key = buckets.Count < MaxBuckets || buckets.ContainsKey(tenant) ? tenant : OtherTenantLabel;
        var bucket = buckets.GetOrAdd(key, t => limits.RateOf(t) is { } rate ? new TokenBucket(rate.Rate, rate.Burst, time) : null);
        var wait = bucket?.TryTake(spans);
        if (wait is not null)
        {
            Count(tenant, IngestRateLimit, spans);
        }

        return wait;
    }

    /// <summary>Counts spans refused by a tenant limit.</summary>
    public void Count(string tenant, string limit, int spans)
    {
        if (spans > 0)
        {
            LimitedSpans.WithLabels(labelled.Contains(tenant) ? tenant : OtherTenantLabel, limit).Inc(spans);
        }
    }
}
