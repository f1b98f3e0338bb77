using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Gateway.Hosting;

/// <summary>How the gateway reaches the grains.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "TraceFlow:Gateway";

    /// <summary>
    /// <see cref="GatewayMode.CoHosted"/> runs a silo inside the gateway process (the
    /// one-process local mode); <see cref="GatewayMode.Client"/> connects to separate silos.
    /// </summary>
    [EnumDataType(typeof(GatewayMode))]
    public GatewayMode Mode { get; set; } = GatewayMode.CoHosted;
}

public enum GatewayMode
{
    CoHosted,
    Client,
}
