namespace TraceFlow.Storage.ClickHouse;

/// <summary>Which store answers the query APIs when ClickHouse is on.</summary>
public enum ClickHouseQueryMode
{
    /// <summary>The in-memory store answers; ClickHouse is written for durability (the seed's mirror).</summary>
    Memory,

    /// <summary>ClickHouse answers, so traces older than memory holds, and from every silo, are found.</summary>
    ClickHouse,
}
