namespace TraceFlow.Grains.Stats;

/// <summary>Counts and span-duration histogram of one operation of one service.</summary>
[GenerateSerializer, Alias("TraceFlow.OperationStatistics")]
public sealed class OperationStatistics
{
    [Id(0)] public long SpanCount { get; private set; }

    [Id(1)] public long ErrorCount { get; private set; }

    [Id(2)] public LatencyHistogram Durations { get; private set; } = new();

    public void Record(double durationMs, bool isError)
    {
        SpanCount++;
        ErrorCount += isError ? 1 : 0;
        Durations.Record(durationMs);
    }

    public void Merge(OperationStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        SpanCount += other.SpanCount;
        ErrorCount += other.ErrorCount;
        Durations.Merge(other.Durations);
    }
}
