using System.Runtime;

namespace TraceFlow.Gateway.Ingest.Admission;

/// <summary>The real process: its working set, and the memory its container or machine gives it.</summary>
public sealed class ProcessMemory : IProcessMemory
{
    private readonly Lazy<long> available = new(() => ProcessMemoryLimit.Read("/", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes));

    public long WorkingSetBytes => Environment.WorkingSet;

    public long AvailableBytes => available.Value;

    public void Collect()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
