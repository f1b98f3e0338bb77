namespace TraceFlow.Gateway.Ingest.Admission;

/// <summary>Where the process's working set stands against its ceiling.</summary>
public enum MemoryPressureLevel
{
    /// <summary>Below the soft limit: ingest is admitted.</summary>
    Normal = 0,

    /// <summary>Between the soft limit and the ceiling: new ingest is shed (and memory collected).</summary>
    Soft = 1,

    /// <summary>At or over the ceiling.</summary>
    Hard = 2,
}
