namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>How an OTLP export ended; each transport turns it into its own status.</summary>
internal enum OtlpOutcome
{
    /// <summary>Taken, possibly with a partial success (rejected spans or a warning): HTTP 200, gRPC OK.</summary>
    Accepted,

    /// <summary>Nothing usable (undecodable, or every span invalid): HTTP 400, gRPC INVALID_ARGUMENT.</summary>
    Invalid,

    /// <summary>More than a request may carry: HTTP 413, gRPC RESOURCE_EXHAUSTED without RetryInfo.</summary>
    TooLarge,

    /// <summary>The tenant is over its ingest rate: HTTP 429 + Retry-After, gRPC RESOURCE_EXHAUSTED + RetryInfo.</summary>
    Throttled,

    /// <summary>The collector cannot take it now: HTTP 503 + Retry-After, gRPC UNAVAILABLE + RetryInfo.</summary>
    Overloaded,
}
