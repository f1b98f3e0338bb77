using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace TraceFlow.Grains.Hosting;

public static class TraceFlowClusteringExtensions
{
    /// <summary>
    /// First guess at a probe's round trip; Orleans adapts it per silo between half and four
    /// times this. Each probe period is this long too.
    /// </summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes before a silo votes its peer dead.</summary>
    public const int MissedProbesLimit = 3;

    /// <summary>Dead silos' rows stay this long in the membership table (diagnostics), then go.</summary>
    public static readonly TimeSpan DefunctSiloExpiration = TimeSpan.FromHours(1);

    /// <summary>How often a silo looks for expired dead rows.</summary>
    public static readonly TimeSpan DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);

    /// <summary>How often a client re-reads the gateway list from the membership table.</summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(10);

    /// <summary>Clustering from <see cref="TraceFlowClusterOptions"/>: localhost, Redis or Kubernetes membership.</summary>
    public static ISiloBuilder UseTraceFlowClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = Read(configuration);
        return silo
            .UseMembership(options)
            .Configure<ClusterMembershipOptions>(o =>
            {
                // A killed silo is declared dead after about MissedProbesLimit probe periods
                // (3 × 2 s, faster when refused connections fail probes at once) instead of
                // Orleans' 3 × 5 s plus adaptive slack; its trace grains re-activate elsewhere
                // only then. The cost: a silo stalled that long (a long GC pause, a starved CPU)
                // is declared dead too and must restart. Connection activity still vetoes votes.
                o.ProbeTimeout = ProbeTimeout;
                o.NumMissedProbesLimit = MissedProbesLimit;
                o.DefunctSiloExpiration = DefunctSiloExpiration;
                o.DefunctSiloCleanupPeriod = DefunctSiloCleanupPeriod;
            })
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

    /// <summary>A client of the cluster from <see cref="TraceFlowClusterOptions"/>: localhost gateways, or the gateway list in Redis.</summary>
    public static IClientBuilder UseTraceFlowClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        var options = Read(configuration);
        if (options.Membership == ClusterMembership.Localhost)
        {
            return client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        }

        return client
            .UseRedisClustering(options.RedisConnectionString!)
            .Configure<ClusterOptions>(o => SetIdentity(o, options))
            // New silos' gateways are picked up this soon; dead ones are dropped at once on a failed connection.
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayListRefreshPeriod);
    }

    private static ISiloBuilder UseMembership(this ISiloBuilder silo, TraceFlowClusterOptions options)
    {
        switch (options.Membership)
        {
            case ClusterMembership.Redis:
                return silo
                    .UseRedisClustering(options.RedisConnectionString!)
                    .Configure<ClusterOptions>(o => SetIdentity(o, options))
                    .ConfigureEndpoints(AdvertisedAddress.Resolve(options.AdvertisedAddress), options.SiloPort, options.GatewayPort);
            case ClusterMembership.Kubernetes:
                // Registered before UseKubernetesHosting, so ORLEANS_SERVICE_ID/ORLEANS_CLUSTER_ID
                // override the configured identity and POD_IP fills an unset advertised address.
                return silo
                    .UseRedisClustering(options.RedisConnectionString!)
                    .Configure<ClusterOptions>(o => SetIdentity(o, options))
                    .Configure<EndpointOptions>(o =>
                    {
                        o.SiloPort = options.SiloPort;
                        o.GatewayPort = options.GatewayPort;
                        if (!string.IsNullOrWhiteSpace(options.AdvertisedAddress))
                        {
                            o.AdvertisedIPAddress = AdvertisedAddress.Resolve(options.AdvertisedAddress);
                        }
                    })
                    .UseKubernetesHosting();
            default:
                var primary = options.PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
                return silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, options.ServiceId, options.ClusterId);
        }
    }

    private static void SetIdentity(ClusterOptions cluster, TraceFlowClusterOptions options)
    {
        cluster.ClusterId = options.ClusterId;
        cluster.ServiceId = options.ServiceId;
    }

    private static TraceFlowClusterOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(TraceFlowClusterOptions.SectionName).Get<TraceFlowClusterOptions>() ?? new();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return options;
    }
}
