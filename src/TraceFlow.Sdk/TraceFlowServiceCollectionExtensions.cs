using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceFlow.Sdk.AspNetCore;
using TraceFlow.Sdk.Hosting;
using TraceFlow.Sdk.Propagation;
using TraceFlow.Sdk.Tracing;

namespace TraceFlow.Sdk;

public static class TraceFlowServiceCollectionExtensions
{
    /// <summary>
    /// Traces the service with no further code: ASP.NET Core requests become server spans,
    /// <see cref="HttpClient"/> calls become client spans carrying <c>traceparent</c>, and
    /// <see cref="TraceFlowTracer"/> (injectable) starts manual spans. Options come from the
    /// <c>TraceFlow:Sdk</c> configuration section, then from <paramref name="configure"/>.
    /// Spans still queued are sent when the host stops.
    /// </summary>
    public static IServiceCollection AddTraceFlow(this IServiceCollection services, Action<TraceFlowOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TraceFlowOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(TraceFlowOptions.SectionName).Bind(options))
            .Configure(options => configure?.Invoke(options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TraceFlowOptions>, TraceFlowOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<TraceFlowOptions>>().Value;
            var time = provider.GetRequiredService<TimeProvider>();
            return new TraceFlowTelemetry(options, TraceFlowTelemetry.CreateTransport(options, time, primaryHandler: null), time, provider.GetRequiredService<ILoggerFactory>());
        });
        services.TryAddSingleton(provider => provider.GetRequiredService<TraceFlowTelemetry>().Tracer);
        services.AddHostedService<TraceFlowHostedService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, ServerSpanStartupFilter>());

        // ASP.NET Core extracts the incoming context with the registered propagator, HttpClient
        // injects with its handler's: both get the strict W3C rules, an invalid header starts a new trace.
        services.Replace(ServiceDescriptor.Singleton<DistributedContextPropagator>(new TraceFlowPropagator()));
        services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler((handler, provider) =>
        {
            if (handler is SocketsHttpHandler sockets)
            {
                sockets.ActivityHeadersPropagator = provider.GetRequiredService<DistributedContextPropagator>();
            }
        }));
        return services;
    }
}
