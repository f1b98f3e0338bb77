using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace TraceFlow.Grains.Hosting;

public static class TraceFlowClusteringExtensions
{
    /// <summary>Localhost clustering from <see cref="TraceFlowClusterOptions"/>.</summary>
    public static ISiloBuilder UseTraceFlowClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = Read(configuration);
        var primary = options.PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
        return silo
            .UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, options.ServiceId, options.ClusterId)
            .Configure<GrainCollectionOptions>(o =>
            {
                // Trace grains retire themselves after deciding; idle leftovers need not linger.
                o.CollectionAge = TimeSpan.FromMinutes(5);
            })
            .Configure<GrainDirectoryOptions>(o =>
            {
                // Trace ids are used for seconds and never again: a directory cache of a million
                // entries (the default) would only fill with dead traces. Recent ones suffice.
                o.CacheSize = options.DirectoryCacheSize;
            });
    }

    /// <summary>A client of a localhost cluster from <see cref="TraceFlowClusterOptions"/>.</summary>
    public static IClientBuilder UseTraceFlowClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        var options = Read(configuration);
        return client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
    }

    private static TraceFlowClusterOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(TraceFlowClusterOptions.SectionName).Get<TraceFlowClusterOptions>() ?? new();
        var context = new System.ComponentModel.DataAnnotations.ValidationContext(options);
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(options, context, validateAllProperties: true);
        return options;
    }
}
