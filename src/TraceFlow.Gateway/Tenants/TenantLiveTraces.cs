using System.Globalization;
using TraceFlow.Gateway.Ingest;

namespace TraceFlow.Gateway.Tenants;

/// <summary>The words every ingest protocol answers with when the tenant holds its maximum of live traces.</summary>
public static class TenantLiveTraces
{
    public static string Message(DispatchResult dispatched)
    {
        ArgumentNullException.ThrowIfNull(dispatched);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{dispatched.TenantRefused} spans were refused because the tenant holds its maximum of live traces (TraceFlow:TenantLimits MaxLiveTraces); retry after the Retry-After delay, once some of its traces are decided. {dispatched.Accepted} spans were accepted and will not be duplicated by a retry.");
    }
}
