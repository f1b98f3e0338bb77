namespace TraceFlow.Gateway.Hosting;

/// <summary>What the gateway says about itself at start-up.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1, LogLevel.Warning, "TraceFlow:Ingest:DecodeOnly is on: spans are decoded and discarded, nothing is stored. Use it only as a benchmark baseline.")]
    public static partial void DecodeOnlyMode(ILogger logger);
}
