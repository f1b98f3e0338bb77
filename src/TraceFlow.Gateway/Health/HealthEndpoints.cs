using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using TraceFlow.Gateway.Hosting;

namespace TraceFlow.Gateway.Health;

/// <summary><c>/healthz</c> (the process serves) and <c>/readyz</c> (the cluster answers).</summary>
public static class HealthEndpoints
{
    public static IEndpointConventionBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints) =>
        new CompositeConventionBuilder(
        [
            endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }),
            endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ClusterReadinessCheck.ReadyTag) }),
        ]);
}
