namespace TraceFlow.Gateway.Ingest.Admission;

/// <summary>The process's memory as the admission checks see it (a seam for tests that need pressure on demand).</summary>
public interface IProcessMemory
{
    /// <summary>Physical memory mapped to the process now, in bytes.</summary>
    long WorkingSetBytes { get; }

    /// <summary>Memory the process may use: the container's limit, or the machine's memory.</summary>
    long AvailableBytes { get; }

    /// <summary>A full blocking, compacting collection, to give memory back before shedding more.</summary>
    void Collect();
}
