namespace TraceFlow.LoadGen.Encoding;

/// <summary>How a request body carries trace ids: what a prepared body's ids are found and replaced as.</summary>
internal enum TraceIdFormat
{
    /// <summary>32 lowercase hex characters (TraceFlow JSON).</summary>
    Hex,

    /// <summary>16 raw bytes (OTLP protobuf).</summary>
    Bytes,
}
