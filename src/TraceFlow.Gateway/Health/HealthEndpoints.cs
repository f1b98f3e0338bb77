using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace TraceFlow.Gateway.Health;

/// <summary><c>/healthz</c> (the process serves) and <c>/readyz</c> (the cluster answers).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ClusterReadinessCheck.ReadyTag) });
        return endpoints;
    }
}
