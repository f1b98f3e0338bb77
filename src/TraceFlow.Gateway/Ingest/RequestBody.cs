namespace TraceFlow.Gateway.Ingest;

/// <summary>The outcome of reading a request body under the size limit.</summary>
internal sealed class RequestBody : IDisposable
{
    private RequestBody(RequestBodyStatus status, PooledBuffer? buffer, string? error)
    {
        Status = status;
        Buffer = buffer;
        Error = error;
    }

    public RequestBodyStatus Status { get; }

    /// <summary>The (decompressed) body when <see cref="Status"/> is <see cref="RequestBodyStatus.Ok"/>.</summary>
    public PooledBuffer? Buffer { get; }

    public string? Error { get; }

    public static RequestBody Ok(PooledBuffer buffer) => new(RequestBodyStatus.Ok, buffer, null);

    public static RequestBody Failed(RequestBodyStatus status, string error) => new(status, null, error);

    public void Dispose() => Buffer?.Dispose();
}

internal enum RequestBodyStatus
{
    Ok,
    TooLarge,
    UnsupportedEncoding,
    CorruptEncoding,
}
