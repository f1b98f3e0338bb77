using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Grains.Hosting;

/// <summary>How a silo or client finds the cluster.</summary>
public sealed class TraceFlowClusterOptions : IValidatableObject
{
    public const string SectionName = "TraceFlow:Cluster";

    public const string DefaultClusterId = "traceflow";
    public const string DefaultServiceId = "traceflow";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
    public const int DefaultDirectoryCacheSize = 20_000;

    /// <summary>
    /// <see cref="ClusterMembership.Localhost"/> (the one-process default), <see cref="ClusterMembership.Redis"/>
    /// or <see cref="ClusterMembership.Kubernetes"/>; the last two need <see cref="RedisConnectionString"/>.
    /// </summary>
    [EnumDataType(typeof(ClusterMembership))]
    public ClusterMembership Membership { get; set; } = ClusterMembership.Localhost;

    /// <summary>The Redis holding the membership table, in StackExchange.Redis form (<c>redis:6379</c>).</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>
    /// IP address or host name a silo publishes for others to reach it (Redis and Kubernetes
    /// membership); see <see cref="Hosting.AdvertisedAddress.Resolve"/> for the default.
    /// Kubernetes membership defaults to the pod's IP instead.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    [Required]
    public string ClusterId { get; set; } = DefaultClusterId;

    [Required]
    public string ServiceId { get; set; } = DefaultServiceId;

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Port clients (gateways) connect to.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>
    /// Localhost clustering with several silos: the silo port of the primary silo that the
    /// others join. Unset means this silo is the primary.
    /// </summary>
    [Range(1, 65535)]
    public int? PrimarySiloPort { get; set; }

    /// <summary>
    /// Grain locations a silo remembers. Trace grains live for seconds, so a cache that holds
    /// the last few seconds' traces serves ingest; a larger one only holds dead traces.
    /// </summary>
    [Range(100, 10_000_000)]
    public int DirectoryCacheSize { get; set; } = DefaultDirectoryCacheSize;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Membership != ClusterMembership.Localhost && string.IsNullOrWhiteSpace(RedisConnectionString))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(RedisConnectionString)} is required when {SectionName}:{nameof(Membership)} is {Membership}.",
                [nameof(RedisConnectionString)]);
        }
    }
}
