using System.Globalization;
using Microsoft.Extensions.Logging;
using Prometheus;
using TraceFlow.Storage.ClickHouse.Retention;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Schema;

/// <summary>
/// What only newer servers have, switched on after the versioned steps by <c>SELECT version()</c>
/// (from <see cref="Minimum"/>, a long-term release that has all of it): a table TTL of
/// <see cref="ClickHouseOptions.RetentionDays"/> on every day-partitioned table (retention then
/// also happens inside merges, between the hourly partition drops), and bloom-filter skip indexes
/// on span attribute keys and values (autocompletion and attribute scans skip granules without
/// them). Every statement is idempotent and re-applied at each start, so a changed retention
/// takes effect. These are optimisations: a statement the server refuses is logged and counted,
/// and writing goes on. Older servers (Debian's 18.16) get none of it and rely on partition drops.
/// </summary>
public sealed partial class ServerFeatures(ClickHouseDatabase database, ILogger<ServerFeatures> logger)
{
    public static readonly ServerVersion Minimum = new(21, 8);

    private static readonly Counter Refused = Metrics.CreateCounter(
        "traceflow_clickhouse_feature_statements_failed_total", "Statements switching on newer ClickHouse features that the server refused.");

    /// <summary>The statements for a server of <paramref name="version"/>, with <c>{db}</c> for the database; none before <see cref="Minimum"/>.</summary>
    public static IReadOnlyList<string> StatementsFor(ServerVersion version, int retentionDays, IReadOnlyCollection<string> tablesWithTtl)
    {
        ArgumentNullException.ThrowIfNull(tablesWithTtl);
        if (!(version >= Minimum))
        {
            return [];
        }

        var statements = new List<string>();
        foreach (var table in PartitionRetention.Tables)
        {
            if (retentionDays > 0)
            {
                statements.Add(string.Create(CultureInfo.InvariantCulture, $"ALTER TABLE {{db}}.{table} MODIFY TTL date + toIntervalDay({retentionDays})"));
            }
            else if (tablesWithTtl.Contains(table))
            {
                statements.Add($"ALTER TABLE {{db}}.{table} REMOVE TTL");
            }
        }

        foreach (var column in new[] { "attribute_keys", "attribute_values" })
        {
            statements.Add($"ALTER TABLE {{db}}.{SpanTable.Name} ADD INDEX IF NOT EXISTS {column}_bloom {column} TYPE bloom_filter(0.01) GRANULARITY 1");
        }

        return statements;
    }

    /// <summary>Applies what the server supports; returns the statements it ran.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(int retentionDays, CancellationToken cancellationToken)
    {
        var version = await database.GetVersionAsync(cancellationToken);
        if (!(version >= Minimum))
        {
            return [];
        }

        var rows = await database.QueryAsync(
            "SELECT name FROM system.tables WHERE database = {database:String} AND position(engine_full, ' TTL ') > 0",
            [QueryParameter.Text("database", database.Name)],
            cancellationToken);
        var withTtl = rows.Select(r => SpanTable.Text(r, "name")).ToHashSet(StringComparer.Ordinal);
        var applied = new List<string>();
        foreach (var statement in StatementsFor(version, retentionDays, withTtl))
        {
            var sql = statement.Replace("{db}", database.Name, StringComparison.Ordinal);
            try
            {
                await database.ExecuteAsync(sql, SchemaMigrator.StatementTimeout, cancellationToken);
                applied.Add(sql);
            }
            catch (global::ClickHouse.Driver.ClickHouseServerException ex)
            {
                Refused.Inc();
                LogRefused(logger, sql, version, ex);
            }
        }

        LogApplied(logger, applied.Count, version);
        return applied;
    }

    [LoggerMessage(1, LogLevel.Warning, "ClickHouse {Version} refused {Statement}; going on without it")]
    private static partial void LogRefused(ILogger logger, string statement, ServerVersion version, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Switched on {Count} features of ClickHouse {Version} (TTL, skip indexes)")]
    private static partial void LogApplied(ILogger logger, int count, ServerVersion version);
}
