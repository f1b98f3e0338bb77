using System.Runtime;

namespace TraceFlow.Gateway.Ingest.Admission;

/// <summary>The real process: its working set, and the memory the GC knows it may use.</summary>
public sealed class ProcessMemory : IProcessMemory
{
    public long WorkingSetBytes => Environment.WorkingSet;

    public long AvailableBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    public void Collect()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
