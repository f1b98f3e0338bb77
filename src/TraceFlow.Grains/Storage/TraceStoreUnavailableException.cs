namespace TraceFlow.Grains.Storage;

/// <summary>
/// The trace store cannot answer now (unreachable, overloaded, or the query ran out of time):
/// a caller may try again after <see cref="RetryAfter"/>, unlike a query the store refuses.
/// </summary>
public sealed class TraceStoreUnavailableException : Exception
{
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public TraceStoreUnavailableException()
        : this("The trace store is unavailable.")
    {
    }

    public TraceStoreUnavailableException(string message)
        : base(message)
    {
    }

    public TraceStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TimeSpan RetryAfter { get; init; } = DefaultRetryAfter;
}
