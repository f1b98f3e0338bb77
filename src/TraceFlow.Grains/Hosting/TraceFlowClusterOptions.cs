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
}
