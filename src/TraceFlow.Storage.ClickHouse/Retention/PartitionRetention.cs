using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Prometheus;
using TraceFlow.Storage.ClickHouse.Schema;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Retention;

/// <summary>
/// Drops the day partitions of TraceFlow's tables that lie wholly before the retention
/// window: whole partitions, so nothing is rewritten and a day's data goes at once.
/// </summary>
public sealed partial class PartitionRetention(ClickHouseDatabase database, ILogger<PartitionRetention> logger)
{
    /// <summary>The tables partitioned by day.</summary>
    public static readonly IReadOnlyList<string> Tables = [SpanTable.Name, TraceIndexTable.Name, RollupTables.SpanNames, TracesTable.Name, RollupTables.SpanStats, DependencyEdgesTable.Name];

    private static readonly Counter DroppedPartitions = Metrics.CreateCounter(
        "traceflow_clickhouse_retention_partitions_dropped_total", "Day partitions dropped from ClickHouse because they passed the retention period.", "table");

    /// <summary>Drops every partition whose newest day is before <paramref name="keepFrom"/>; returns what it dropped.</summary>
    public async Task<IReadOnlyList<(string Table, string Day)>> DropBeforeAsync(DateOnly keepFrom, CancellationToken cancellationToken)
    {
        var rows = await database.QueryAsync(
            """
            SELECT DISTINCT table, partition
            FROM system.parts
            WHERE database = {database:String} AND active AND max_date < toDate({keep_from:String})
            ORDER BY table, partition
            """,
            [QueryParameter.Text("database", database.Name), QueryParameter.Text("keep_from", keepFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
            cancellationToken);
        var dropped = new List<(string Table, string Day)>();
        foreach (var row in rows)
        {
            var table = SpanTable.Text(row, "table");
            var day = SpanTable.Text(row, "partition");

            // DDL takes no parameters: only our own table names and a day the server itself reported go in.
            if (!Tables.Contains(table) || !Day().IsMatch(day))
            {
                continue;
            }

            await database.ExecuteAsync($"ALTER TABLE {database.Table(table)} DROP PARTITION '{day}'", cancellationToken);
            DroppedPartitions.WithLabels(table).Inc();
            LogDropped(logger, table, day, keepFrom);
            dropped.Add((table, day));
        }

        return dropped;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex Day();

    [LoggerMessage(1, LogLevel.Information, "Retention: dropped partition {Day} of {Table} (keeping data from {KeepFrom} on)")]
    private static partial void LogDropped(ILogger logger, string table, string day, DateOnly keepFrom);
}
