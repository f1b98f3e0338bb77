namespace TraceFlow.Gateway.Diagnostics;

/// <summary>Diagnostics meant for benchmarks and investigations, off by default.</summary>
public sealed class DiagnosticsOptions
{
    public const string SectionName = "TraceFlow:Diagnostics";

    /// <summary>
    /// Serves <c>GET /debug/memory</c>, which forces a full garbage collection (a pause of its
    /// own) and reports the live heap beside the live and stored span counts. The benchmark
    /// uses it to measure memory per span; it has no place on a production collector.
    /// </summary>
    public bool MemoryEndpoint { get; set; }
}
