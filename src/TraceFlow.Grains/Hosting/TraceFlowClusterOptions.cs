using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Grains.Hosting;

/// <summary>How a silo or client finds the cluster.</summary>
public sealed class TraceFlowClusterOptions
{
    public const string SectionName = "TraceFlow:Cluster";

    public const string DefaultClusterId = "traceflow";
    public const string DefaultServiceId = "traceflow";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
    public const int DefaultDirectoryCacheSize = 20_000;

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
}
