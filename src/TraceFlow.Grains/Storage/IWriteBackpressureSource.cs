namespace TraceFlow.Grains.Storage;

/// <summary>A store's queue that can say it is too full to take more traces for now.</summary>
public interface IWriteBackpressureSource
{
    /// <summary>
    /// True while new traces should be refused (retryably) so that kept ones are never dropped:
    /// the queue must still have room for what the silo holds undecided, which may all be kept.
    /// </summary>
    bool Saturated(int liveTraces, long liveSpans);
}
