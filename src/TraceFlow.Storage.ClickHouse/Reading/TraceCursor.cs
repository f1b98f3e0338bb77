namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>A place in the newest-first order of a search (start descending, then trace id): the last trace already judged.</summary>
internal readonly record struct TraceCursor(long StartUnixNanos, string TraceId);
