using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TraceFlow.Gateway.Shutdown;

/// <summary>Unready from the moment the collector begins to stop, so load balancers take it out first.</summary>
internal sealed class ShutdownReadinessCheck(ShutdownState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Stopping ? HealthCheckResult.Unhealthy("Shutting down") : HealthCheckResult.Healthy());
}
