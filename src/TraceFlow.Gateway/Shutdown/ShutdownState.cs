namespace TraceFlow.Gateway.Shutdown;

/// <summary>Whether the collector has begun to stop, and how many ingest requests it refused since.</summary>
public sealed class ShutdownState
{
    private int stopping;
    private long refusedRequests;

    public bool Stopping => Volatile.Read(ref stopping) != 0;

    public long RefusedRequests => Interlocked.Read(ref refusedRequests);

    /// <summary>Marks the start of the stop; true only for the first call.</summary>
    public bool BeginStopping() => Interlocked.Exchange(ref stopping, 1) == 0;

    public void CountRefused() => Interlocked.Increment(ref refusedRequests);
}
