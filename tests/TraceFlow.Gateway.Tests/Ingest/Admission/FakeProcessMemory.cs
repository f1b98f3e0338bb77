using TraceFlow.Gateway.Ingest.Admission;

namespace TraceFlow.Gateway.Tests.Ingest.Admission;

/// <summary>Memory pressure on demand: a working set the test sets, and a count of forced collections.</summary>
public sealed class FakeProcessMemory : IProcessMemory
{
    public const long OneGiB = 1024L * 1024 * 1024;

    private long workingSet = 100 * 1024 * 1024;

    public long WorkingSetBytes
    {
        get => Interlocked.Read(ref workingSet);
        set => Interlocked.Exchange(ref workingSet, value);
    }

    public long AvailableBytes => 4 * OneGiB;

    public int Collections { get; private set; }

    /// <summary>What a collection gives back: the working set it leaves, or null to leave it as it is.</summary>
    public long? AfterCollect { get; set; }

    public void Collect()
    {
        Collections++;
        if (AfterCollect is { } after)
        {
            WorkingSetBytes = after;
        }
    }
}
