namespace TraceFlow.Grains.Storage;

/// <summary>A store's queue that can say it is too full to take more traces for now.</summary>
public interface IWriteBackpressureSource
{
    /// <summary>True while new traces should be refused (retryably) so that kept ones are never dropped.</summary>
    bool Saturated { get; }
}
