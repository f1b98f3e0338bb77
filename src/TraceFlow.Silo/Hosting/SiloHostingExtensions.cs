using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace TraceFlow.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// Binds <see cref="SiloOptions"/>, widens the listening endpoints when
    /// <see cref="SiloOptions.ListenOnAnyAddress"/> is set, and serves Prometheus metrics.
    /// </summary>
    public static ISiloBuilder AddTraceFlowSiloHost(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EndpointOptions>().PostConfigure<IOptions<SiloOptions>>((endpoints, options) =>
        {
            if (options.Value.ListenOnAnyAddress)
            {
                endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, endpoints.SiloPort);
                endpoints.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, endpoints.GatewayPort);
            }
        });
        services.AddHostedService<SiloMetricsServer>();
        return silo;
    }
}
