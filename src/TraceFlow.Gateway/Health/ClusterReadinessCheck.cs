using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TraceFlow.Gateway.Health;

/// <summary>Ready when the cluster answers and has at least one active silo.</summary>
internal sealed class ClusterReadinessCheck(IGrainFactory grains) : IHealthCheck
{
    public const string ReadyTag = "ready";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken).WaitAsync(Timeout, cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)")
                : HealthCheckResult.Unhealthy("No active silo");
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The Orleans cluster is not reachable", ex);
        }
    }
}
