using Grpc.AspNetCore.Server;
using TraceFlow.Gateway.Health;

namespace TraceFlow.Gateway.Shutdown;

public static class GracefulShutdownExtensions
{
    /// <summary>
    /// The graceful stop: <see cref="ShutdownOptions.Timeout"/> as the host's shutdown timeout,
    /// ingest refused and readiness failing from the signal on, and the summary at the end.
    /// </summary>
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services)
    {
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        services.AddSingleton<ShutdownState>();
        services.AddHostedService<GracefulShutdown>();
        services.AddSingleton<ShutdownGrpcInterceptor>();
        services.AddOptions<GrpcServiceOptions>().Configure(grpc => grpc.Interceptors.Add<ShutdownGrpcInterceptor>());
        services.AddHealthChecks().AddCheck<ShutdownReadinessCheck>("shutdown", tags: [ClusterReadinessCheck.ReadyTag]);
        return services;
    }

    /// <summary>Refuses HTTP ingest once stopping; first in the pipeline, so a refused body is never read.</summary>
    public static IApplicationBuilder UseShutdownGate(this IApplicationBuilder app) => app.UseMiddleware<ShutdownGate>();
}
