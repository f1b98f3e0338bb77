using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Silo.Hosting;

/// <summary>How the standalone silo process exposes itself: its Prometheus endpoint and listening address.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "TraceFlow:Silo";

    public const string DefaultMetricsHostname = "localhost";
    public const int DefaultMetricsPort = 9464;

    /// <summary>
    /// Host name the Prometheus endpoint (<c>/metrics</c>) listens on: <c>localhost</c> by default,
    /// <c>+</c> for every interface (containers).
    /// </summary>
    [Required]
    public string MetricsHostname { get; set; } = DefaultMetricsHostname;

    /// <summary>Port of the Prometheus endpoint; 0 turns it off.</summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; } = DefaultMetricsPort;

    /// <summary>
    /// Listen on every interface for the silo and gateway ports instead of loopback only, so that
    /// container port mappings and probes reach them. With localhost membership the silo still
    /// advertises loopback; Redis and Kubernetes membership advertise a reachable address.
    /// </summary>
    public bool ListenOnAnyAddress { get; set; }
}
